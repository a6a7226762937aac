using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Nodes;

/// <summary>The nodes panel from the Kubernetes API: one tile per configured cluster, watch-driven.</summary>
public sealed class KubernetesNodesSource(KubernetesFleet fleet, TimeProvider time) : INodesSource
{
    public SourceInfo Info { get; } = new(PanelKind.Nodes, "Kubernetes API", IsDemo: false, fleet.StaleAfter);

    public Task RunAsync(IReadingSink<ClusterNodes> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return ClusterPublisher.RunAsync(fleet, time, (state, now) =>
        {
            if (state.Fault is { } fault)
            {
                sink.Fail(state.Name, state.Name, fault.Message);
            }
            else if (state.NodesSynced)
            {
                sink.Publish(state.Name, state.Name, state.NodesSnapshot(now), state.ConfirmedAt("nodes") ?? now);
            }
        }, cancellationToken);
    }
}
