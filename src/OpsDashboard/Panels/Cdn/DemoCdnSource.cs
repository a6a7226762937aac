using OpsDashboard.Demo;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Cdn;

/// <summary>
/// MDN's attachment domain behind CloudFront: 197 GB a week from the CDN against 3 GB from the origin (98.5 %),
/// with a cache invalidation now and then that drops the ratio below the warning line for a few minutes.
/// </summary>
public sealed class DemoCdnSource(DemoFleet fleet) : PolledSource<CdnHitRatio>(fleet.Time, TimeSpan.FromSeconds(60)), ICdnSource
{
    public const double WarnBelow = 0.95;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);
    private const double CdnBytesPerHour = 197e9 / 168;
    private const double OriginBytesPerHour = 3e9 / 168;

    public override SourceInfo Info { get; } = new(PanelKind.Cdn, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromMinutes(5));

    public static CdnHitRatio Simulate(DemoFleet fleet, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var minute = (long)fleet.Elapsed(now).TotalMinutes;
        var wobble = 0.85 + (0.3 * DemoNoise.Unit("cdn", minute));
        var invalidation = minute % 45 is >= 20 and < 26;
        var origin = OriginBytesPerHour * wobble * (invalidation ? 6 : 1);
        var cdn = CdnBytesPerHour * (0.9 + (0.2 * DemoNoise.Unit("cdn-bytes", minute)));
        var requests = 2_400_000 * wobble;
        return new CdnHitRatio(
            "E2QWRUHAPOMQZL", "mdn.mozillademos.org", cdn / (cdn + origin), "bytes: CloudFront BytesDownloaded vs origin ALB ProcessedBytes",
            cdn, origin, requests, 0.012, 0.0004 + (0.0004 * wobble), Window, WarnBelow);
    }

    protected override Task<IReadOnlyList<TargetReading<CdnHitRatio>>> PollAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<TargetReading<CdnHitRatio>> readings = [TargetReading<CdnHitRatio>.Ok("AWS", "mdn.mozillademos.org", Simulate(fleet, Time.GetUtcNow()))];
        return Task.FromResult(readings);
    }
}
