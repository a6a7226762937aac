using Microsoft.AspNetCore.Components;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Nodes;

/// <summary>The nodes panel: one tile per cluster, from the Kubernetes API's nodes.</summary>
public sealed class NodesPanel() : ClusterPanelDefinition<ClusterNodes>(Kind)
{
    public static readonly PanelKind Kind = new("Nodes", "nodes", "Nodes");

    /// <summary>A node became NotReady or Ready, came under pressure, was cordoned.</summary>
    public static readonly TimelineKind NodeCondition = new(3, "NodeCondition");

    public override string SnapshotCode => "nodes";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [NodeCondition];

    /// <summary>The nodes; the node page also shows the pods on a node and its events, which the pods panel watches.</summary>
    public override IReadOnlyList<WatchedResource> KubernetesResources => [NodesOnClusters.Nodes];

    public static string ClusterHref(string cluster) => ClusterHrefOf(Kind, cluster);

    public static string NodeHref(string cluster, string node) => $"panels/nodes/{Uri.EscapeDataString(cluster)}/{Uri.EscapeDataString(node)}";

    public static PanelKey Tile(string cluster) => TileOf(Kind, cluster);

    public override string? RowHref(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return TimelineLinks.Split(row.InvolvedObject) is ("Node", var node) ? NodeHref(row.Cluster, node) : DetailHref(row.Tile);
    }

    public override IReadOnlyList<string> Kubectl(TimelineEvent row) => KubectlCommandLines.ForRow(row, KubectlCommandLines.ForClusterNodes);

    public override IPanelChanges CreateChanges() => new PanelChanges<ClusterNodes>(NodeChanges.Between);

    protected override IPanelSource<ClusterNodes> KubernetesSource(IServiceProvider services) => ActivatorUtilities.CreateInstance<KubernetesNodesSource>(services);

    protected override RenderFragment TileFacts(ClusterNodes snapshot) => NodesTileDetails.For(snapshot);

    protected override DemoSource<ClusterNodes> Demo(DemoFleet fleet) => new DemoNodesSource(fleet);
}
