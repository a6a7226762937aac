using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>Data freshness of one app's pods in one cluster (bedrock's healthz-cron, for example).</summary>
public sealed record AppFreshness(string App, string Cluster, IReadOnlyList<PodFreshness> Pods, TimeSpan MaxAge) : PanelSnapshot
{
    /// <summary>The published DB pods should converge on; null when no metadata URL is configured or it could not be read.</summary>
    public PublishedDb? Published { get; init; }

    /// <summary>Why the published metadata could not be read, if it could not.</summary>
    public string? PublishedError { get; init; }

    /// <summary>How often a new DB is expected to be published; zero when unknown.</summary>
    public TimeSpan PublishInterval { get; init; }

    /// <summary>When the snapshot was taken, for ages of the published DB.</summary>
    public DateTimeOffset ObservedAt { get; init; }

    /// <summary>The single updater process has not published for more than twice its interval.</summary>
    public bool PublisherStalled => Published is { } p && PublishInterval > TimeSpan.Zero && ObservedAt - (p.UpdatedAt ?? p.FirstSeen) > PublishInterval * 2;

    /// <summary>
    /// Pods still not on the published DB once they have had a full refresh interval to fetch it: right after a publish,
    /// pods catching up over the next few minutes are normal, not news.
    /// </summary>
    public int PodsLagging => Published is { } p && ObservedAt - (p.UpdatedAt ?? p.FirstSeen) > (PublishInterval > TimeSpan.Zero ? PublishInterval : TimeSpan.FromMinutes(5)) ? PodsBehind : 0;

    /// <summary>Pods that answered but are not on the published DB.</summary>
    public int PodsBehind => Published is { } p ? Pods.Count(x => x.DbChecksum is not null && !string.Equals(x.DbChecksum, p.Checksum, StringComparison.OrdinalIgnoreCase)) : 0;

    public int FreshCount => Pods.Count(p => p.State == FreshnessState.Fresh);

    public int StaleCount => Pods.Count(p => p.State is FreshnessState.Stale or FreshnessState.Unreachable or FreshnessState.Unreadable);

    public TimeSpan? OldestDb => Pods.Max(p => p.DbAge);

    /// <summary>How many pods run each DB checksum, most common first.</summary>
    public IReadOnlyList<(string Checksum, int Pods)> DbVersions =>
        [.. Pods.Where(p => p.DbChecksum is not null).GroupBy(p => p.DbChecksum!).Select(g => (g.Key, g.Count())).OrderByDescending(v => v.Item2)];

    public override DataHealth Health => Pods.Count == 0 || StaleCount * 2 >= Pods.Count && StaleCount > 0
        ? DataHealth.Critical
        : StaleCount > 0 || PublisherStalled || Pods.Any(p => p.State == FreshnessState.Late || p.ShaMismatch) ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => $"{FreshCount} / {Pods.Count} fresh";

    public override string? Why
    {
        get
        {
            if (Pods.Count == 0)
            {
                return "no pods found to check";
            }

            if (PublisherStalled && StaleCount == 0)
            {
                var age = ObservedAt - (Published!.UpdatedAt ?? Published.FirstSeen);
                return $"publisher: no new DB for {Durations.Format(age)} (expected every {Durations.Format(PublishInterval)}); pods are fine";
            }

            var worst = Pods.Where(p => p.State != FreshnessState.Fresh).OrderByDescending(p => p.State).ThenByDescending(p => p.DbAge).FirstOrDefault();
            if (worst is not null)
            {
                var detail = worst.State switch
                {
                    FreshnessState.Unreachable => $"unreachable: {worst.Error}",
                    FreshnessState.Unreadable => $"health page not understood: {worst.Error}",
                    _ => $"DB {(worst.DbAge is { } age ? Durations.Format(age) : "?")} old (max {Durations.Format(MaxAge)})",
                };
                var others = Pods.Count(p => p.State != FreshnessState.Fresh) - 1;
                return $"{worst.Pod} {detail}{(others > 0 ? $", and {others} more" : "")}";
            }

            var mismatch = Pods.FirstOrDefault(p => p.ShaMismatch);
            if (mismatch is not null)
            {
                return $"{mismatch.Pod} runs code {Short(mismatch.CodeSha)} with a DB built by {Short(mismatch.DbSha)}";
            }

            return PodsLagging > 0 && Published is { } published
                ? $"{PodsLagging} pod{(PodsLagging == 1 ? "" : "s")} still on the previous DB, published {Durations.Ago(ObservedAt - (published.UpdatedAt ?? published.FirstSeen))}"
                : null;
        }
    }

    private static string? Short(string? sha) => sha is { Length: > 10 } ? sha[..10] : sha;

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("pods_total", Pods.Count),
        new("pods_stale", StaleCount),
        new("oldest_db_age_s", OldestDb?.TotalSeconds ?? 0),
        new("pods_behind", PodsBehind),
    ];
}
