using System.Globalization;
using System.Text;
using k8s;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>One initial sync of each side, measured back to back against the same fake.</summary>
public sealed record SyncRun(int Run, SyncFigures Ours, KubectlFigures Kubectl);

/// <summary>The figures of one <c>kube-sync</c> run, as the markdown that goes into docs/benchmarks.md.</summary>
public sealed class KubeSyncReport(KubeSyncOptions options, string kubectlVersion)
{
    public const long GoalPeakRssBytes = 600_000_000;
    public const double GoalRssRatio = 0.3;
    public const double GoalP95Ms = 1_000;

    public List<SyncRun> Syncs { get; } = [];

    public SteadyFigures? Steady { get; set; }

    /// <summary>Pod writes (status changes, deletes, adds) the fake made in the steady-state window.</summary>
    public long Writes { get; set; }

    public string ToMarkdown()
    {
        var cluster = new BenchmarkCluster(options.Nodes, options.Pods);
        var podBytes = Enumerable.Range(0, 100).Average(i => Encoding.UTF8.GetByteCount(KubernetesJson.Serialize(cluster.Pod(i * (options.Pods / 100), 0, 0))));
        var text = new StringBuilder();
        Line(text, $"Command: `dotnet run -c Release --project src/OpsDashboard.Benchmarks -- kube-sync --nodes {options.Nodes} --pods {options.Pods} --runs {options.Runs} --churn-minutes {G(options.ChurnMinutes)} --churn-percent {G(options.ChurnPercentPerMinute)}`");
        Line(text, "");
        Line(text, $"Cluster: {options.Nodes:N0} nodes, {options.Pods:N0} pods ({podBytes:N0} bytes of JSON a pod), {cluster.DeploymentCount:N0} Deployments, 4 DaemonSets, {options.Pods / 75:N0} Warning events. Peer: kubectl {kubectlVersion}, `get pods -A -o json` (pages of 500, as ours), stdout to /dev/null. MB = 10⁶ bytes.");
        Line(text, "");
        Table(text, ["run", "sync: kubectl", "sync: ours (nodes + pods)", "ours / kubectl", "peak RSS: kubectl", "peak RSS: ours", "ours / kubectl"], Syncs.Select(s => new[]
        {
            $"{s.Run}", $"{N(s.Kubectl.Seconds, 1)} s", $"{N(s.Ours.SyncSeconds, 1)} s", N(s.Ours.SyncSeconds / s.Kubectl.Seconds, 3),
            Mb(s.Kubectl.PeakRssBytes), Mb(s.Ours.PeakRssBytes), N((double)s.Ours.PeakRssBytes / s.Kubectl.PeakRssBytes, 3),
        }));
        Line(text, "");
        Line(text, "Ours once synced (every watched resource: nodes, pods, Warning events, Deployments, StatefulSets, DaemonSets, HorizontalPodAutoscalers), then after a full compacting GC:");
        Line(text, "");
        Table(text, ["run", "all six synced", "bytes read", "GC heap", "GC committed", "RSS"], Syncs.Select(s => new[]
        {
            $"{s.Run}", $"{N(s.Ours.AllSyncedSeconds, 1)} s", Mb(s.Ours.BytesRead), Mb(s.Ours.GcHeapBytes), Mb(s.Ours.GcCommittedBytes), Mb(s.Ours.RssAfterGcBytes),
        }));

        var timeRatio = Median(Syncs.Select(s => s.Ours.SyncSeconds / s.Kubectl.Seconds));
        var rssRatio = Median(Syncs.Select(s => (double)s.Ours.PeakRssBytes / s.Kubectl.PeakRssBytes));
        var peak = Syncs.Max(s => s.Ours.PeakRssBytes);
        List<string[]> goals =
        [
            ["initial sync ≤ kubectl's time", $"median ratio {N(timeRatio, 2)}", Met(timeRatio <= 1)],
            ["peak RSS ≤ 600 MB", $"highest {Mb(peak)} (after sync)", Met(peak <= GoalPeakRssBytes)],
            ["peak RSS ≤ 0.3 × kubectl's", $"median ratio {N(rssRatio, 2)}", Met(rssRatio <= GoalRssRatio)],
        ];
        var steady = Steady;
        var latencies = steady?.LatenciesMs ?? [];
        var (p50, p95) = (Percentile(latencies, 50), Percentile(latencies, 95));
        if (steady is not null)
        {
            goals.Add(["relists in steady state: 0", $"{steady.Relists}", Met(steady.Relists == 0)]);
            goals.Add(["change-to-state p95 ≤ 1 s", $"{N(p95, 0)} ms", Met(p95 <= GoalP95Ms)]);
        }

        Line(text, "");
        Table(text, ["goal", "figure", "met"], goals);
        if (steady is not null)
        {
            Line(text, "");
            Line(text, $"Steady state (run {Syncs.Count}, right after its sync): {N(steady.Minutes, 1)} min at {G(options.ChurnPercentPerMinute)} % of the pods a minute; nine in ten changes flip a pod between running and crash-looping, one in ten replaces it (a delete and an add). Latency: from the change's time, stamped on the pod by the fake, to the pod being in our `ClusterState`; over the added and modified pods.");
            Line(text, "");
            Table(
                text,
                ["pod writes by the fake", "pod watch events (with bookmarks)", "changes timed", "watches reopened", "relists (whole run)", "watch failures", "bytes read / min", "change-to-state p50", "p95", "max", "peak RSS (whole run)", "GC heap after full GC: after sync → at the end"],
                [[
                    $"{Writes:N0}", $"{steady.PodEvents:N0}", $"{latencies.Count:N0}", $"{steady.WatchesOpened}", $"{steady.Relists} ({steady.RelistsSinceStart})", $"{steady.Failures}",
                    $"{N(steady.BytesRead / steady.Minutes / 1e6, 2)} MB", $"{N(p50, 1)} ms", $"{N(p95, 1)} ms", $"{N(latencies.Count == 0 ? double.NaN : latencies[^1], 1)} ms",
                    Mb(steady.PeakRssBytes), $"{Mb(Syncs[^1].Ours.GcHeapBytes)} → {Mb(steady.GcHeapBytes)}",
                ]]);
        }

        return text.ToString();
    }

    internal static void Line(StringBuilder text, string line) => text.Append(line).Append('\n');

    /// <summary>A markdown table: the first column left-aligned, the figures right-aligned.</summary>
    internal static void Table(StringBuilder text, string[] headers, IEnumerable<string[]> rows)
    {
        Line(text, $"| {string.Join(" | ", headers)} |");
        Line(text, $"| {string.Join(" | ", headers.Select((_, i) => i == 0 ? "---" : "---:"))} |");
        foreach (var row in rows)
        {
            Line(text, $"| {string.Join(" | ", row)} |");
        }
    }

    internal static string N(double value, int decimals) => value.ToString($"N{decimals}", CultureInfo.InvariantCulture);

    internal static string G(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Mb(long bytes) => $"{N(bytes / 1e6, 0)} MB";

    private static string Met(bool met) => met ? "yes" : "**no**";

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(IReadOnlyList<double> sorted, int percent) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Count) - 1)];
}
