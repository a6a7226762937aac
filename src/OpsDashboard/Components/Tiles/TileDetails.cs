using Microsoft.AspNetCore.Components;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Components.Tiles;

/// <summary>
/// The panel-specific facts under a tile's headline. Rendered as fragments of the tile, not as components: a
/// component holds two render-tree buffers for the life of the circuit, and a wall has a dozen tiles per browser.
/// </summary>
public static class TileDetails
{
    public static RenderFragment? For(PanelSnapshot snapshot) => snapshot switch
    {
        ClusterNodes nodes => NodesTileDetails.For(nodes),
        ClusterPods pods => PodsTileDetails.For(pods),
        AppFreshness freshness => FreshnessTileDetails.For(freshness),
        ImportProgress import => ImportTileDetails.For(import),
        CdnHitRatio cdn => CdnTileDetails.For(cdn),
        _ => null,
    };
}
