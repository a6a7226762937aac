using OpsDashboard.Panels;

namespace OpsDashboard.Timeline;

/// <summary>Where a row leads, and the commands for it: each panel says, for the rows of its tiles.</summary>
public static class TimelineLinks
{
    /// <summary>The detail view of the row's object, or of its tile; null where there is none.</summary>
    public static string? DetailHref(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return DashboardPanels.Of(row.Panel)?.RowHref(row);
    }

    public static IReadOnlyList<string> Kubectl(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return DashboardPanels.Of(row.Panel)?.Kubectl(row) ?? [];
    }

    /// <summary>"Pod/web-1" as ("Pod", "web-1").</summary>
    public static (string Kind, string Name)? Split(string? obj) =>
        obj?.IndexOf('/', StringComparison.Ordinal) is > 0 and var i ? (obj[..i], obj[(i + 1)..]) : null;

    /// <summary>Where the row happened, in words: <c>oregon-b · mdn-prod · Pod/kumascript-5c4b</c>, or the tile for a state change.</summary>
    public static string Where(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Kind == TimelineKind.TileState
            ? FigureFormat.TileTitle(row.Tile)
            : string.Join(" · ", new[] { row.Cluster, row.Namespace, row.InvolvedObject }.Where(p => p is not null));
    }
}
