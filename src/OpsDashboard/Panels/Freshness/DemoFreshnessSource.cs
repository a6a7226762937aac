using OpsDashboard.Demo;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>
/// Bedrock pods of the simulated fleet, each refreshing its SQLite DB every 5 minutes. One pod in tokyo stops
/// downloading for a while every half hour, goes late, then stale past 10 minutes, and recovers.
/// </summary>
public sealed class DemoFreshnessSource(DemoFleet fleet) : DemoSource<AppFreshness>(fleet, TimeSpan.FromSeconds(15)), IFreshnessSource
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LateAfter = TimeSpan.FromMinutes(6);
    private const string CodeSha = "4f1c9a2e";
    private const int PodsPerCluster = 6;

    public override SourceInfo Info { get; } = new(FreshnessPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(90));

    public static AppFreshness Simulate(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var elapsed = fleet.Elapsed(now);
        var pods = new List<PodFreshness>(PodsPerCluster);
        for (var i = 0; i < PodsPerCluster; i++)
        {
            var pod = $"bedrock-web-7d9f8c6b5-{DemoNoise.Hex(cluster.Name + "/pod", i, 5)}";
            var offset = TimeSpan.FromSeconds(DemoNoise.Unit(cluster.Name + "/offset", i) * RefreshEvery.TotalSeconds);
            var sinceRefresh = TimeSpan.FromSeconds((elapsed + offset).TotalSeconds % RefreshEvery.TotalSeconds);
            var lastRefresh = elapsed - sinceRefresh;

            // tokyo's pod 3 stops downloading from minute 8 to minute 22 of every half hour, then catches up.
            var cycle = TimeSpan.FromSeconds(elapsed.TotalSeconds % 1800);
            if (cluster.Name == "tokyo" && i == 3 && cycle >= TimeSpan.FromMinutes(8) && cycle < TimeSpan.FromMinutes(22))
            {
                lastRefresh = elapsed - (cycle - TimeSpan.FromMinutes(8)) - sinceRefresh;
            }

            var age = elapsed - lastRefresh + TimeSpan.FromSeconds(20);
            var published = PublishNumber(cluster.Name, lastRefresh);
            var state = age > MaxAge ? FreshnessState.Stale : age > LateAfter ? FreshnessState.Late : FreshnessState.Fresh;
            pods.Add(new PodFreshness(pod, state, age, CodeSha, CodeSha, Checksum(cluster.Name, published), null)
            {
                Tasks = [new CronTask("download_database", age, MaxAge), new CronTask("update_locales", age / 2, MaxAge)],
            });
        }

        var current = PublishNumber(cluster.Name, elapsed);
        return new AppFreshness("bedrock", cluster.Name, pods, MaxAge)
        {
            Published = new PublishedDb(Checksum(cluster.Name, current), CodeSha, fleet.Epoch + (RefreshEvery * current), fleet.Epoch + (RefreshEvery * current)),
            PublishInterval = RefreshEvery,
            ObservedAt = now,
        };
    }

    /// <summary>Which DB the cluster's single updater had published by then. Frankfurt's updater stops for a quarter of every hour.</summary>
    private static long PublishNumber(string cluster, TimeSpan at)
    {
        var hour = Math.Floor(at.TotalHours);
        var into = at - TimeSpan.FromHours(hour);
        var frozen = cluster == "frankfurt" && into >= TimeSpan.FromMinutes(30) && into < TimeSpan.FromMinutes(45);
        return (long)Math.Floor((frozen ? TimeSpan.FromHours(hour) + TimeSpan.FromMinutes(30) : at) / RefreshEvery);
    }

    private static string Checksum(string cluster, long published) => "sha256:" + DemoNoise.Hex("bedrock-db/" + cluster, published, 12);

    public override IReadOnlyList<TargetReading<AppFreshness>> Read(DateTimeOffset now) =>
    [
        .. DemoFleet.Clusters.Where(c => c.Namespaces.Contains("bedrock-prod"))
            .Select(c => TargetReading<AppFreshness>.Ok(c.Name, "bedrock", Simulate(Fleet, c, now))),
    ];
}
