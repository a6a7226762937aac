using Microsoft.Extensions.Options;
using OpsDashboard.Demo;
using OpsDashboard.History;

namespace OpsDashboard.Configuration;

/// <summary>Checks Dashboard:History, naming every bad key and what to put there.</summary>
public sealed class HistoryOptionsValidator : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = HistoryOptions.Section;
        if (options.Enabled && string.IsNullOrWhiteSpace(options.Path))
        {
            errors.Add($"{s}:Path is empty: give a file path for the history database, e.g. /data/history.db, or set {s}:Enabled to false.");
        }

        if (options.Retention <= TimeSpan.Zero)
        {
            errors.Add($"{s}:Retention must be a positive duration such as 7.00:00:00 (7 days); got {options.Retention}.");
        }

        if (options.SampleInterval < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{s}:SampleInterval must be at least 00:00:01 (one second); got {options.SampleInterval}.");
        }

        if (options.MaxPendingSamples < 0)
        {
            errors.Add($"{s}:MaxPendingSamples must be zero or more; got {options.MaxPendingSamples}.");
        }

        if (options.MaxPendingEvents < 0)
        {
            errors.Add($"{s}:MaxPendingEvents must be zero or more; got {options.MaxPendingEvents}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks Dashboard:Demo.</summary>
public sealed class DemoOptionsValidator : IValidateOptions<DemoOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.ImportSpeed is not (> 0 and <= 100_000))
        {
            errors.Add($"{DemoOptions.Section}:ImportSpeed must be between 1 and 100000 (how many times faster than real time the demo import runs); got {options.ImportSpeed}.");
        }

        if (options.StartAt < TimeSpan.Zero || options.StartAt > TimeSpan.FromDays(1))
        {
            errors.Add($"{DemoOptions.Section}:StartAt must be between 00:00:00 and 1.00:00:00 (how far into its script the demo starts, e.g. 00:12:30; a day takes some 20 s to play at start); got {options.StartAt}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
