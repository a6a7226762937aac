using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>A cluster's rollouts from its workloads: the same code serves the Kubernetes source and the demo.</summary>
public static class RolloutAggregator
{
    public static ClusterRollouts Aggregate(
        string cluster,
        IReadOnlyCollection<WorkloadRollout> workloads,
        IReadOnlyDictionary<(string Namespace, WorkloadKind Kind, string Name), FailingPods> failing,
        Func<WorkloadRollout, DateTimeOffset?> finishedAt,
        DateTimeOffset now,
        Func<WorkloadRollout, IReadOnlyList<string>?>? previousImages = null)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentNullException.ThrowIfNull(finishedAt);
        var rollouts = workloads
            .Select(w => RolloutJudge.Judge(w, failing.GetValueOrDefault((w.Namespace, w.Kind, w.Name)), finishedAt(w), now) is { } r
                ? r with { PreviousImages = w.Kind == WorkloadKind.Deployment ? previousImages?.Invoke(w) : null }
                : null)
            .OfType<RolloutProgress>();
        return new ClusterRollouts(cluster, workloads.Count, ClusterRollouts.Order(rollouts), now);
    }
}
