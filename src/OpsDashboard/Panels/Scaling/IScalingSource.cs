using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Scaling;

/// <summary>Feeds the scaling panel: one <see cref="ClusterScaling"/> per cluster, target = cluster name.</summary>
public interface IScalingSource : IPanelSource<ClusterScaling>;
