using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Nodes;

/// <summary>The nodes panel from the Kubernetes API: one tile per configured cluster, watch-driven.</summary>
public sealed class KubernetesNodesSource(KubernetesFleet fleet, TimeProvider time) : INodesSource
{
    public SourceInfo Info { get; } = new(NodesPanel.Kind, "Kubernetes API", IsDemo: false, fleet.StaleAfter);

    public Task RunAsync(IReadingSink<ClusterNodes> sink, CancellationToken cancellationToken) =>
        ClusterPublisher.PublishAsync(fleet, time, sink, "nodes", s => s.NodesSynced(), (s, now) => s.NodesSnapshot(now), cancellationToken);
}
