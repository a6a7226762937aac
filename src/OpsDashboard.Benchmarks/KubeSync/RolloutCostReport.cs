using System.Text;
using static OpsDashboard.Benchmarks.KubeSync.KubeSyncReport;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>One run: the client without the rollouts and scaling projections, and with them, synced from the same fake.</summary>
public sealed record RolloutCostRun(int Run, SyncFigures Without, SyncFigures With);

/// <summary>The figures of a <c>kube-sync --rollouts</c> run, as the markdown that goes into docs/benchmarks.md.</summary>
public sealed class RolloutCostReport(KubeSyncOptions options)
{
    public List<RolloutCostRun> Runs { get; } = [];

    public RolloutFigures? Steps { get; set; }

    /// <summary>Rollout steps the fake wrote in the step window.</summary>
    public long Stepped { get; set; }

    public string ToMarkdown()
    {
        var cluster = new BenchmarkCluster(options.Nodes, options.Pods);
        var text = new StringBuilder();
        Line(text, $"Command: `dotnet run -c Release --project src/OpsDashboard.Benchmarks -- kube-sync --rollouts --nodes {options.Nodes} --pods {options.Pods} --runs {options.Runs} --step-minutes {G(options.StepMinutes)} --steps-per-minute {options.StepsPerMinute}`");
        Line(text, "");
        Line(text, $"Cluster: {options.Nodes:N0} nodes, {options.Pods:N0} pods, {cluster.DeploymentCount:N0} Deployments with {cluster.DeploymentCount * 2:N0} ReplicaSets (current and previous revision), {cluster.DeploymentCount / 10:N0} HPAs, {cluster.DaemonSetCount} DaemonSets, {options.Pods / 75:N0} Warning events. Peer: the same client without ReplicaSets, HPAs and the workloads' rollout fields, in the same run. MB = 10⁶ bytes.");
        Line(text, "");
        Table(text, ["run", "all synced: without", "with", "with / without", "GC heap: without", "with", "with / without", "RSS after GC: without", "with", "with / without", "bytes read: without", "with"], Runs.Select(r => new[]
        {
            $"{r.Run}", $"{N(r.Without.AllSyncedSeconds, 1)} s", $"{N(r.With.AllSyncedSeconds, 1)} s", N(r.With.AllSyncedSeconds / r.Without.AllSyncedSeconds, 2),
            Mb(r.Without.GcHeapBytes), Mb(r.With.GcHeapBytes), N((double)r.With.GcHeapBytes / r.Without.GcHeapBytes, 2),
            Mb(r.Without.RssAfterGcBytes), Mb(r.With.RssAfterGcBytes), N((double)r.With.RssAfterGcBytes / r.Without.RssAfterGcBytes, 2),
            Mb(r.Without.BytesRead), Mb(r.With.BytesRead),
        }));
        Line(text, "");
        Line(text, $"Medians: sync time × {N(Median(Runs.Select(r => r.With.AllSyncedSeconds / r.Without.AllSyncedSeconds)), 2)}, GC heap × {N(Median(Runs.Select(r => (double)r.With.GcHeapBytes / r.Without.GcHeapBytes)), 2)} (+{Mb((long)Median(Runs.Select(r => (double)(r.With.GcHeapBytes - r.Without.GcHeapBytes))))}), RSS after GC × {N(Median(Runs.Select(r => (double)r.With.RssAfterGcBytes / r.Without.RssAfterGcBytes)), 2)}.");
        if (Steps is { } steps)
        {
            Line(text, "");
            Line(text, $"Rollout steps (run {Runs.Count}, right after its sync, with the tile's publisher running as in the app): {G(options.StepMinutes)} min at {options.StepsPerMinute} steps a minute, 20 Deployments rolling out at a time, each step a new ReplicaSet write and a Deployment write (3, 6, then 10 of 10 updated). Step to state: the fake's stamp to the Deployment in our `ClusterState`. Step to tile: to the first rollouts snapshot showing the step's updated count (`ClusterPublisher`'s loop, at most one a second).");
            Line(text, "");
            Table(text, ["steps written", "seen", "timed to the tile", "never shown (overtaken or pending)", "step to state p50", "p95", "step to tile p50", "p95", "max", "one snapshot p50", "p95"],
            [[
                $"{Stepped:N0}", $"{steps.StepsSeen:N0}", $"{steps.StepToTileMs.Count:N0}", $"{steps.StepsNeverShown}",
                $"{N(Percentile(steps.StepToStateMs, 50), 1)} ms", $"{N(Percentile(steps.StepToStateMs, 95), 1)} ms",
                $"{N(Percentile(steps.StepToTileMs, 50), 0)} ms", $"{N(Percentile(steps.StepToTileMs, 95), 0)} ms", $"{N(steps.StepToTileMs.Count == 0 ? double.NaN : steps.StepToTileMs[^1], 0)} ms",
                $"{N(Percentile(steps.SnapshotMs, 50), 1)} ms", $"{N(Percentile(steps.SnapshotMs, 95), 1)} ms",
            ]]);
        }

        return text.ToString();
    }
}
