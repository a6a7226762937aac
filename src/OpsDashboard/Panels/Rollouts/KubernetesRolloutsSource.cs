using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>The rollouts panel from the Kubernetes API: workloads, their ReplicaSets and pods of each cluster, watch-driven.</summary>
public sealed class KubernetesRolloutsSource(KubernetesFleet fleet, TimeProvider time) : IRolloutsSource
{
    public SourceInfo Info { get; } = new(RolloutsPanel.Kind, "Kubernetes API", IsDemo: false, fleet.StaleAfter);

    public Task RunAsync(IReadingSink<ClusterRollouts> sink, CancellationToken cancellationToken) =>
        ClusterPublisher.PublishAsync(fleet, time, sink, "deployments", s => s.RolloutsSynced(), (s, now) => s.RolloutsSnapshot(now), cancellationToken);
}
