using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Nodes;

/// <summary>Feeds the nodes panel: one <see cref="ClusterNodes"/> per cluster, target = cluster name.</summary>
public interface INodesSource : IPanelSource<ClusterNodes>;
