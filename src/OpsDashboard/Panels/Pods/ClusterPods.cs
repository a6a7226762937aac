using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>Pod readiness of one cluster, grouped by workload, worst first.</summary>
public sealed record ClusterPods(string Cluster, IReadOnlyList<WorkloadReadiness> Workloads) : PanelSnapshot
{
    /// <summary>Every pod, compact, for drill-down (pods of a workload, pods on a node).</summary>
    public IReadOnlyList<PodInfo> Pods { get; init; } = [];

    /// <summary>Recent Warning events, newest first, for drill-down.</summary>
    public IReadOnlyList<WarningEvent> Events { get; init; } = [];

    public int PodsDesired => Workloads.Sum(w => w.Desired);

    public int PodsReady => Workloads.Sum(w => Math.Min(w.Ready, w.Desired));

    public int RestartsLastHour => Workloads.Sum(w => w.RestartsLastHour);

    /// <summary>Workloads not ready now, worst first.</summary>
    public IEnumerable<WorkloadReadiness> Degraded => Workloads.Where(w => w.IsDegraded).OrderByDescending(w => w.Badness);

    /// <summary>Workloads ready now whose containers restarted within the hour: said apart from the degraded ones.</summary>
    public IEnumerable<WorkloadReadiness> RestartedRecently => Workloads.Where(w => w.RestartedRecently);

    public override DataHealth Health
    {
        get
        {
            if (Workloads.Any(w => w.IsCritical))
            {
                return DataHealth.Critical;
            }

            // Restarts alone, with every pod ready again, are history: said on the tile, not a warning now.
            return Workloads.Any(w => (w.IsDegraded && !(w.RolloutInProgress && w.WaitingReason is null)) || w.ProbeFailures > 0)
                ? DataHealth.Warning
                : DataHealth.Ok;
        }
    }

    public override string Headline => $"{PodsReady} / {PodsDesired} ready";

    public override string? Why => Workloads.Where(w => w.NeedsAttention).MaxBy(w => w.Badness)?.Why;

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("pods_desired", PodsDesired),
        new("pods_not_ready", PodsDesired - PodsReady),
        new("restarts_1h", RestartsLastHour),
        new("workloads_degraded", Degraded.Count()),
    ];
}
