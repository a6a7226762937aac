using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>The pod readiness panel from the Kubernetes API: pods, warning events and workload specs of each cluster.</summary>
public sealed class KubernetesPodReadinessSource(KubernetesFleet fleet, TimeProvider time) : IPodReadinessSource
{
    public SourceInfo Info { get; } = new(PodsPanel.Kind, "Kubernetes API", IsDemo: false, fleet.StaleAfter);

    public Task RunAsync(IReadingSink<ClusterPods> sink, CancellationToken cancellationToken) =>
        ClusterPublisher.PublishAsync(fleet, time, sink, "pods", s => s.PodsSynced(), (s, now) => s.PodsSnapshot(now), cancellationToken);
}
