using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Benchmarks.Notifications;

/// <summary>The notification benchmarks' synthetic tiles: a nodes tile per made-up cluster, all nodes Ready or three of five NotReady.</summary>
public static class BenchmarkTiles
{
    /// <summary>Long enough that no tile goes stale during a run: only the transitions the benchmark makes notify.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    /// <summary>One cluster per tile, so Alertmanager (grouping by cluster) puts each in a group of its own.</summary>
    public static PanelKey Cluster(int n)
    {
        var name = $"bench-{n:000}";
        return new PanelKey(NodesPanel.Kind, name, name);
    }

    public static void Healthy(PanelStore store, PanelKey tile, DateTimeOffset at, bool isDemo) =>
        store.Publish(tile, new ClusterNodesBuilder(tile.Group).Ready(5).Build(), at, isDemo, StaleAfter);

    public static void Critical(PanelStore store, PanelKey tile, DateTimeOffset at, bool isDemo) =>
        store.Publish(tile, new ClusterNodesBuilder(tile.Group).Ready(2).NotReady(3).Build(), at, isDemo, StaleAfter);
}
