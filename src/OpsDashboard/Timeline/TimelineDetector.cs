using OpsDashboard.Panels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>
/// Turns the store's successive views into timeline rows: tile state changes (with when each state began and ended)
/// and, for each panel, what its definition counts as a change between one snapshot and the next. It remembers only
/// the last entry and status of each tile, and what the panels' detectors keep; not thread-safe (the timeline
/// recorder calls it from one loop).
/// </summary>
public sealed class TimelineDetector
{
    private readonly Dictionary<PanelKey, TileMemory> _tiles = [];
    private readonly Dictionary<PanelKind, IPanelChanges> _changes;

    public TimelineDetector()
        : this(DashboardPanels.All)
    {
    }

    public TimelineDetector(IEnumerable<PanelDefinition> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        _changes = panels.ToDictionary(p => p.Panel, p => p.CreateChanges());
    }

    /// <summary>What the panels' detectors continue from after a restart: which rows to read back, and for whom.</summary>
    public IEnumerable<(IPanelChanges Changes, TimelineContinuation Continuation)> Continuations =>
        _changes.Values.Where(c => c.Continues is not null).Select(c => (c, c.Continues!));

    /// <summary>Continues the tile states that were open before a restart, from the status each row opened (never its words).</summary>
    public void Seed(IEnumerable<TimelineEvent> openStates)
    {
        ArgumentNullException.ThrowIfNull(openStates);
        foreach (var row in openStates.Where(r => r.Until is null && r.Kind == TimelineKind.TileState))
        {
            if (row.State is { } status)
            {
                _tiles[row.Tile] = new TileMemory(null, status, row);
            }
        }
    }

    /// <summary>The rows that the view shows new, or that grew (same id, written again), as of <paramref name="now"/>.</summary>
    public IReadOnlyList<TimelineEvent> Observe(StoreView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var rows = new List<TimelineEvent>();
        foreach (var entry in view.Tiles.Values)
        {
            _tiles.TryGetValue(entry.Key, out var memory);
            var snapshot = entry.Snapshot;
            if (snapshot is not null && entry.TakenAt is { } takenAt && !ReferenceEquals(snapshot, memory?.Snapshot?.Snapshot)
                && _changes.TryGetValue(entry.Key.Panel, out var changes))
            {
                var context = new ChangeContext(entry.Key, takenAt, entry.IsDemo) { PreviousTakenAt = memory?.Snapshot?.TakenAt };
                rows.AddRange(changes.Between(context, memory?.Snapshot?.Snapshot, snapshot, now));
            }

            var status = entry.StatusAt(now);
            var state = memory?.State;
            var stateRow = memory?.StateRow;
            if (status != TileStatus.Waiting && status != state)
            {
                var change = TileStates.Change(entry, memory?.State, stateRow, status, now);
                rows.AddRange(change);
                (state, stateRow) = (status, change[^1]);
            }

            _tiles[entry.Key] = new TileMemory(snapshot is null ? memory?.Snapshot : entry, state, stateRow);
        }

        return rows;
    }

    /// <param name="Snapshot">The last entry that had a snapshot, to compare the next one with.</param>
    /// <param name="State">The tile's status as last recorded; null before the first.</param>
    /// <param name="StateRow">The row of that status, to close when the status changes.</param>
    private sealed record TileMemory(TileEntry? Snapshot, TileStatus? State, TimelineEvent? StateRow);
}
