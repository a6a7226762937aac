using OpsDashboard.Panels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Components.Tiles;

/// <summary>A group of tiles (a cluster, or "AWS") in the order the overview shows them.</summary>
public sealed record TileGroup(string Name, IReadOnlyList<TileEntry> Tiles, int WorstSeverity);

/// <summary>Worst first: groups by their worst tile, tiles by severity, then by panel order and name so the layout is stable.</summary>
public static class TileOrdering
{
    public static IReadOnlyList<TileGroup> Group(IEnumerable<TileEntry> tiles, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        return
        [
            .. tiles.GroupBy(t => t.Key.Group)
                .Select(g => new TileGroup(g.Key, Sort(g, now), g.Max(t => t.SeverityAt(now))))
                .OrderByDescending(g => g.WorstSeverity)
                .ThenBy(g => g.Name, StringComparer.Ordinal),
        ];
    }

    public static IReadOnlyList<TileEntry> Sort(IEnumerable<TileEntry> tiles, DateTimeOffset now) =>
    [
        .. tiles.OrderByDescending(t => t.SeverityAt(now))
            .ThenBy(t => t.Key.Panel.Order())
            .ThenBy(t => t.Key.Target, StringComparer.Ordinal),
    ];

    /// <summary>"2 critical · 1 stale · 11 ok" for the wall's header.</summary>
    public static IReadOnlyList<(TileStatus Status, int Count)> Tally(IEnumerable<TileEntry> tiles, DateTimeOffset now) =>
    [
        .. tiles.Select(t => t.StatusAt(now))
            .GroupBy(s => s)
            .OrderByDescending(g => g.Key.Rank())
            .Select(g => (g.Key, g.Count())),
    ];
}
