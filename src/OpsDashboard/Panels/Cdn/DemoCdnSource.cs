using OpsDashboard.Demo;
using OpsDashboard.Pipeline;
using OpsDashboard.TimeSeries;

namespace OpsDashboard.Panels.Cdn;

/// <summary>
/// MDN's attachment domain behind CloudFront: 197 GB a week from the CDN against 3 GB from the origin (98.5 %),
/// with a cache invalidation now and then that drops the ratio below the warning line for a few minutes. The
/// attachments went behind the CDN two weeks before the demo starts: origin requests fell by about 45 % that day.
/// </summary>
public sealed class DemoCdnSource(DemoFleet fleet) : DemoSource<CdnHitRatio>(fleet, TimeSpan.FromSeconds(60)), ICdnSource
{
    public const double WarnBelow = 0.95;
    public const string Method = "bytes: 1 − origin ALB ProcessedBytes / CloudFront BytesDownloaded";
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TrendSpan = TimeSpan.FromHours(24);
    private const double CdnBytesPerHour = 197e9 / 168;
    private const double OriginBytesPerHour = 3e9 / 168;
    private const double OriginRequestsPerHourBefore = 18_000;

    public override SourceInfo Info { get; } = new(CdnPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromMinutes(5));

    public static CdnHitRatio Simulate(DemoFleet fleet, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var (cdn, origin, requests) = Traffic(fleet, now);
        var trend = new List<MetricPoint>();
        for (var at = now - TrendSpan; at <= now; at += Period)
        {
            var (c, o, _) = Traffic(fleet, at);
            trend.Add(new MetricPoint(at, 1 - (o / c)));
        }

        var behindCdn = fleet.Epoch.AddDays(-14);
        return new CdnHitRatio(
            "E2QWRUHAPOMQZL", "mdn.mozillademos.org", 1 - (origin / cdn), Method,
            cdn, origin, requests, requests * (origin / cdn), 0.012, 0.0004 + (0.0004 * requests / 2_400_000), Window, WarnBelow)
        {
            Trend = trend,
            Comparison = new CdnComparison(behindCdn, "attachments behind CloudFront", CdnSeriesKind.OriginRequests, OriginRequestsPerHourBefore, OriginRequestsPerHourBefore * 0.55),
            ApiCost = "≈ $2.59/month (6 metrics every 1 min)",
        };
    }

    /// <summary>The demo distribution's hit ratio in the minute of <paramref name="at"/> (what the weekly report's demo figure averages).</summary>
    public static double HitRatioAt(DemoFleet fleet, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var (cdn, origin, _) = Traffic(fleet, at);
        return 1 - (origin / cdn);
    }

    public override IReadOnlyList<TargetReading<CdnHitRatio>> Read(DateTimeOffset now) => [TargetReading<CdnHitRatio>.Ok("AWS", "mdn.mozillademos.org", Simulate(Fleet, now))];

    private static (double Cdn, double Origin, double Requests) Traffic(DemoFleet fleet, DateTimeOffset at)
    {
        var minute = (long)fleet.Elapsed(at).TotalMinutes;
        var wobble = 0.85 + (0.3 * DemoNoise.Unit("cdn", minute));
        var invalidation = ((minute % 45) + 45) % 45 is >= 20 and < 26;
        var origin = OriginBytesPerHour * wobble * (invalidation ? 6 : 1);
        var cdn = CdnBytesPerHour * (0.9 + (0.2 * DemoNoise.Unit("cdn-bytes", minute)));
        return (cdn, origin, 2_400_000 * wobble);
    }
}
