using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>The pod readiness panel from the Kubernetes API: pods, warning events and workload specs of each cluster.</summary>
public sealed class KubernetesPodReadinessSource(KubernetesFleet fleet, TimeProvider time) : IPodReadinessSource
{
    public SourceInfo Info { get; } = new(PanelKind.Pods, "Kubernetes API", IsDemo: false, fleet.StaleAfter);

    public Task RunAsync(IReadingSink<ClusterPods> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return ClusterPublisher.RunAsync(fleet, time, (state, now) =>
        {
            if (state.Fault is { } fault)
            {
                sink.Fail(state.Name, state.Name, fault.Message);
            }
            else if (state.PodsSynced)
            {
                sink.Publish(state.Name, state.Name, state.PodsSnapshot(now), state.ConfirmedAt("pods") ?? now);
            }
        }, cancellationToken);
    }
}
