using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Scaling;

/// <summary>The scaling panel from the Kubernetes API: one tile per configured cluster, watch-driven.</summary>
public sealed class KubernetesScalingSource(KubernetesFleet fleet, TimeProvider time, ScalingOptions options) : IScalingSource
{
    public SourceInfo Info { get; } = new(ScalingPanel.Kind, "Kubernetes API", IsDemo: false, fleet.StaleAfter);

    public Task RunAsync(IReadingSink<ClusterScaling> sink, CancellationToken cancellationToken) =>
        ClusterPublisher.PublishAsync(fleet, time, sink, ScalingOnClusters.Autoscalers.Name, s => s.AutoscalersSynced(),
            (s, now) => s.ScalingSnapshot(now, options.WarnAtMaxAfter), cancellationToken);
}
