using OpsDashboard.Panels.Rollouts;

namespace OpsDashboard.Panels.Pods;

/// <summary>How many pods a workload wants, from its own spec (Deployment/StatefulSet replicas, DaemonSet desired).</summary>
public sealed record WorkloadSpec(string Namespace, WorkloadKind Kind, string Name, int Desired)
{
    /// <summary>Its rollout fields, for the rollouts panel (one watch serves both panels); null where a source has none.</summary>
    public WorkloadRollout? Rollout { get; init; }
}
