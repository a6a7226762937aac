using System.Globalization;
using OpsDashboard.TimeSeries;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// The import target's instance as CloudWatch sees it: write IOPS, free storage and, on burstable classes, CPU credits.
/// A t2 out of credits runs at its baseline CPU: the trap that turned SUMO's 5-hour import into 30.
/// </summary>
public sealed record RdsInstanceMetrics(double? WriteIops, double? FreeStorageBytes, double? CpuCreditBalance, double? CreditsPerHour, DateTimeOffset? At)
{
    /// <summary>Below this many credits a burstable instance is about to be (or already is) held to its baseline.</summary>
    public const double CreditsLow = 10;

    /// <summary>Why there are no figures (CloudWatch failed), shown on the tile; the import's own progress is unaffected.</summary>
    public string? Error { get; init; }

    public bool CreditsExhausted => CpuCreditBalance is < CreditsLow;

    /// <summary>When the credits will run out at the last hour's rate, if they are falling.</summary>
    public TimeSpan? CreditsRunOutIn => CpuCreditBalance is { } balance && CreditsPerHour is { } perHour && perHour < 0 && balance >= CreditsLow
        ? TimeSpan.FromHours((balance - CreditsLow) / -perHour)
        : null;

    public string CreditsText => CpuCreditBalance is { } b
        ? string.Create(CultureInfo.InvariantCulture, $"CPU credits {b:0}{(CreditsPerHour is { } r ? $" ({r:+0;−0}/h)" : "")}")
        : "";

    /// <summary>The series to ask CloudWatch for: RDS metrics are per minute, CPUCreditBalance per 5 minutes.</summary>
    public static IReadOnlyList<(string Name, CloudWatchMetric Metric)> Plan(string region, string instance, bool burstable)
    {
        var dimensions = new Dictionary<string, string> { ["DBInstanceIdentifier"] = instance };
        var plan = new List<(string, CloudWatchMetric)>
        {
            ("WriteIOPS", new CloudWatchMetric(region, "AWS/RDS", "WriteIOPS", dimensions, "Average", 60)),
            ("FreeStorageSpace", new CloudWatchMetric(region, "AWS/RDS", "FreeStorageSpace", dimensions, "Minimum", 60)),
        };
        if (burstable)
        {
            plan.Add(("CPUCreditBalance", new CloudWatchMetric(region, "AWS/RDS", "CPUCreditBalance", dimensions, "Average", 300)));
        }

        return plan;
    }

    /// <summary>The latest values of <paramref name="plan"/> in a refresh round, the credit slope over the round's span.</summary>
    public static RdsInstanceMetrics From(CloudWatchRound round, IReadOnlyList<(string Name, CloudWatchMetric Metric)> plan)
    {
        ArgumentNullException.ThrowIfNull(round);
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Select(p => round.Fetch.Errors.GetValueOrDefault(p.Metric)).OfType<CloudWatchException>().FirstOrDefault() is { } error)
        {
            return new RdsInstanceMetrics(null, null, null, null, round.TakenAt) { Error = error.Message };
        }

        MetricSeries Series(string name) => plan.FirstOrDefault(p => p.Name == name) is { Metric: { } m } && round.Fetch.Series.TryGetValue(m, out var s) ? s : MetricSeries.Empty;
        var credits = Series("CPUCreditBalance");
        double? slope = credits.Points.Count >= 2 && (credits.Points[^1].At - credits.Points[0].At) is { TotalHours: > 0 } span
            ? (credits.Points[^1].Value - credits.Points[0].Value) / span.TotalHours
            : null;
        return new RdsInstanceMetrics(Series("WriteIOPS").Latest, Series("FreeStorageSpace").Latest, credits.Latest, slope, round.TakenAt);
    }

    /// <summary>Burstable (db.t*) classes earn and spend CPU credits; an unknown class is treated as burstable, to be safe.</summary>
    public static bool IsBurstable(string? instanceClass) => instanceClass is null || instanceClass.StartsWith("db.t", StringComparison.OrdinalIgnoreCase);

    /// <summary>The CloudWatch series of every import with an instance identifier, for the shared refresh.</summary>
    public sealed class Demand(ImportOptions options) : ICloudWatchDemand
    {
        public IReadOnlyCollection<CloudWatchMetric> Metrics { get; } = [.. options.Imports
            .Where(i => !string.IsNullOrEmpty(i.DbInstanceIdentifier))
            .SelectMany(i => Plan(i.Region, i.DbInstanceIdentifier!, IsBurstable(i.InstanceClass)).Select(p => p.Metric))];

        public TimeSpan Lookback => TimeSpan.FromHours(1);
    }
}
