using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>Feeds the rollouts panel: one <see cref="ClusterRollouts"/> per cluster, target = cluster name.</summary>
public interface IRolloutsSource : IPanelSource<ClusterRollouts>;
