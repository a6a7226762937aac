using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>Feeds the pod readiness panel: one <see cref="ClusterPods"/> per cluster, target = cluster name.</summary>
public interface IPodReadinessSource : IPanelSource<ClusterPods>;
