using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.History;

namespace OpsDashboard.Tests.Configuration;

public sealed class OptionsValidatorTests
{
    [Fact]
    public void Every_bad_history_setting_is_reported_with_its_key()
    {
        var result = new HistoryOptionsValidator().Validate(null, new HistoryOptions
        {
            Path = " ",
            Retention = TimeSpan.FromDays(-1),
            SampleInterval = TimeSpan.Zero,
            MaxPendingSamples = -5,
        });

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains(failures, f => f.StartsWith("Dashboard:History:Path is empty", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dashboard:History:Retention must be a positive duration", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dashboard:History:SampleInterval must be at least", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Dashboard:History:MaxPendingSamples", StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new HistoryOptionsValidator().Validate(null, new HistoryOptions()).Succeeded);
        Assert.True(new DemoOptionsValidator().Validate(null, new DemoOptions()).Succeeded);
    }

    [Fact]
    public void A_demo_speed_of_zero_is_refused_with_the_key()
    {
        var result = new DemoOptionsValidator().Validate(null, new DemoOptions { ImportSpeed = 0 });

        Assert.StartsWith("Dashboard:Demo:ImportSpeed must be between 1 and 100000", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_demo_start_before_its_script_or_past_a_day_is_refused_with_the_key_and_every_problem_is_named()
    {
        var result = new DemoOptionsValidator().Validate(null, new DemoOptions { ImportSpeed = 0, StartAt = TimeSpan.FromMinutes(-5) });

        Assert.Equal(2, result.Failures!.Count());
        Assert.Contains(result.Failures!, f => f.StartsWith("Dashboard:Demo:StartAt must be between 00:00:00 and 1.00:00:00", StringComparison.Ordinal));
        Assert.False(new DemoOptionsValidator().Validate(null, new DemoOptions { StartAt = TimeSpan.FromHours(25) }).Succeeded);
        Assert.True(new DemoOptionsValidator().Validate(null, new DemoOptions { StartAt = TimeSpan.FromMinutes(12.5) }).Succeeded);
    }
}
