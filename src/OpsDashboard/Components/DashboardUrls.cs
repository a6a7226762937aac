using OpsDashboard.Panels;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Components;

/// <summary>
/// Every link to a page of the dashboard, built in one place (as Aspire's DashboardUrls): the shared pages here, a
/// panel's own pages by its definition (<see cref="PanelDefinition.DetailHref"/>). Relative to the app's base.
/// </summary>
public static class DashboardUrls
{
    public const string Overview = "";

    public const string Wall = "wall";

    public const string Reports = "reports";

    public const string Notifications = "notifications";

    /// <summary>Each app's images and code SHA side by side in every cluster.</summary>
    public const string Versions = "versions";

    /// <summary>One panel's tiles: <c>panels/rds-import</c>.</summary>
    public static string Panel(PanelKind panel)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return $"panels/{panel.Slug}";
    }

    /// <summary>Where a click on a tile leads: its panel's detail page for it; null for a panel this version does not have.</summary>
    public static string? Tile(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return DashboardPanels.Of(tile.Panel)?.DetailHref(tile);
    }

    public static string Timeline(TriageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return $"timeline{query.ToQueryString()}";
    }

    /// <summary>The tile's last hour on the timeline: what happened before it turned the colour it is.</summary>
    public static string TileTimeline(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return Timeline(new TriageQuery { Cluster = tile.Group, Panel = tile.Panel });
    }

    public static string History(TriageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return $"history{query.ToQueryString()}";
    }

    public static string Postmortem(TriageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return $"timeline/postmortem.md{query.ToQueryString()}";
    }
}
