using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels;

/// <summary>
/// A panel of one tile per Kubernetes cluster (nodes, pods, rollouts, scaling): the tile's group and target are the
/// cluster, its detail page is <c>panels/{slug}/{cluster}</c>, and its real source is watch-driven on the fleet.
/// </summary>
public abstract class ClusterPanelDefinition<TSnapshot>(PanelKind kind) : PanelDefinition<TSnapshot>
    where TSnapshot : PanelSnapshot
{
    public sealed override PanelKind Panel => kind;

    /// <summary>The tile of <paramref name="cluster"/> on <paramref name="panel"/>.</summary>
    public static PanelKey TileOf(PanelKind panel, string cluster) => new(panel, cluster, cluster);

    /// <summary><c>panels/{slug}/{cluster}</c>: the panel's page of one cluster.</summary>
    public static string ClusterHrefOf(PanelKind panel, string cluster)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return $"panels/{panel.Slug}/{Uri.EscapeDataString(cluster)}";
    }

    public sealed override string DetailHref(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return ClusterHrefOf(kind, tile.Group);
    }

    public override int AddSources(PanelServices setup) => setup.AddKubernetesSource(KubernetesSource);

    /// <summary>The panel's source on every cluster of the fleet.</summary>
    protected abstract IPanelSource<TSnapshot> KubernetesSource(IServiceProvider services);
}
