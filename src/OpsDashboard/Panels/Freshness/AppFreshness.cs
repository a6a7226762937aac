using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>Data freshness of one app's pods in one cluster (bedrock's healthz-cron, for example).</summary>
public sealed record AppFreshness(string App, string Cluster, IReadOnlyList<PodFreshness> Pods, TimeSpan MaxAge) : PanelSnapshot
{
    public int FreshCount => Pods.Count(p => p.State == FreshnessState.Fresh);

    public int StaleCount => Pods.Count(p => p.State is FreshnessState.Stale or FreshnessState.Unreachable);

    public TimeSpan? OldestDb => Pods.Max(p => p.DbAge);

    /// <summary>How many pods run each DB checksum, most common first.</summary>
    public IReadOnlyList<(string Checksum, int Pods)> DbVersions =>
        [.. Pods.Where(p => p.DbChecksum is not null).GroupBy(p => p.DbChecksum!).Select(g => (g.Key, g.Count())).OrderByDescending(v => v.Item2)];

    public override DataHealth Health => StaleCount > 0
        ? (StaleCount * 2 >= Pods.Count ? DataHealth.Critical : DataHealth.Warning)
        : Pods.Any(p => p.State == FreshnessState.Late || p.ShaMismatch) ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => $"{FreshCount} / {Pods.Count} fresh";

    public override string? Why
    {
        get
        {
            var worst = Pods.Where(p => p.State != FreshnessState.Fresh).OrderByDescending(p => p.State).ThenByDescending(p => p.DbAge).FirstOrDefault();
            if (worst is not null)
            {
                var detail = worst.State == FreshnessState.Unreachable
                    ? $"unreachable: {worst.Error}"
                    : $"DB {(worst.DbAge is { } age ? Durations.Format(age) : "?")} old (max {Durations.Format(MaxAge)})";
                var others = Pods.Count(p => p.State != FreshnessState.Fresh) - 1;
                return $"{worst.Pod} {detail}{(others > 0 ? $", and {others} more" : "")}";
            }

            var mismatch = Pods.FirstOrDefault(p => p.ShaMismatch);
            return mismatch is null ? null : $"{mismatch.Pod} runs code {mismatch.CodeSha} with a DB built by {mismatch.DbSha}";
        }
    }

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("pods_total", Pods.Count),
        new("pods_stale", StaleCount),
        new("oldest_db_age_s", OldestDb?.TotalSeconds ?? 0),
    ];
}
