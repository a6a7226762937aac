using OpsDashboard.Components.Pages;

namespace OpsDashboard.Tests.Components.Pages;

public sealed class WallRotationTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("30", 30)]
    [InlineData("2m", 120)]
    [InlineData(" 45S ", 45)]
    [InlineData("1.5m", 90)]
    public void Understands_seconds_and_minutes(string value, int seconds)
    {
        var (period, error) = WallRotation.Parse(value);

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), period);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void No_value_means_no_rotation(string? value) => Assert.Equal((null, null), WallRotation.Parse(value));

    [Theory]
    [InlineData("fast", "is not a period")]
    [InlineData("30h", "is not a period")]
    [InlineData("1s", "too fast to read")]
    public void Bad_values_say_what_to_write_instead(string value, string expected)
    {
        var (period, error) = WallRotation.Parse(value);

        Assert.Null(period);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(29, 0)]
    [InlineData(30, 1)]
    [InlineData(95, 3)]
    [InlineData(120, 0)]
    public void Views_change_every_period_and_wrap(int secondsIn, int expectedView)
    {
        var start = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(expectedView, WallRotation.ViewAt(start, start.AddSeconds(secondsIn), TimeSpan.FromSeconds(30), viewCount: 4));
    }
}
