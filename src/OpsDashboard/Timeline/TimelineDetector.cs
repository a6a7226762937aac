using OpsDashboard.Components.Tiles;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>
/// Turns the store's successive views into timeline rows: tile state changes (with when each state began and ended)
/// and, for each panel, what changed between one snapshot and the next. It remembers only the last entry of each
/// tile and the open Kubernetes event bursts; not thread-safe (the timeline recorder calls it from one loop).
/// </summary>
public sealed class TimelineDetector
{
    private readonly Dictionary<PanelKey, TileMemory> _tiles = [];
    private readonly WarningEventBursts _bursts = new();
    private readonly PodRestarts _restarts = new();

    /// <summary>Continues rows written before a restart: open tile states and recent Kubernetes event bursts.</summary>
    public void Seed(IEnumerable<TimelineEvent> openStates, IEnumerable<TimelineEvent> recentBursts)
    {
        ArgumentNullException.ThrowIfNull(openStates);
        foreach (var row in openStates.Where(r => r.Until is null))
        {
            if (TileStates.StatusOf(row) is { } status)
            {
                _tiles[row.Tile] = new TileMemory(null, status, row);
            }
        }

        _bursts.Seed(recentBursts);
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
            if (snapshot is not null && entry.TakenAt is { } takenAt && !ReferenceEquals(snapshot, memory?.Snapshot?.Snapshot))
            {
                var context = new ChangeContext(entry.Key, takenAt, entry.IsDemo) { PreviousTakenAt = memory?.Snapshot?.TakenAt };
                rows.AddRange(Changes(context, memory?.Snapshot, snapshot, now));
            }

            var status = TilePresentation.For(entry, now).Status;
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

    private IEnumerable<TimelineEvent> Changes(ChangeContext context, TileEntry? before, PanelSnapshot after, DateTimeOffset now) => after switch
    {
        ClusterNodes nodes => NodeChanges.Between(context, before?.Snapshot as ClusterNodes, nodes),
        ClusterPods pods => [.. _restarts.Observe(context, pods), .. _bursts.Observe(context, pods, now)],
        AppFreshness freshness => FreshnessChanges.Between(context, before?.Snapshot as AppFreshness, freshness),
        ImportProgress import => ImportChanges.Between(context, before?.Snapshot as ImportProgress, import),
        CdnHitRatio cdn => CdnChanges.Between(context, before?.Snapshot as CdnHitRatio, cdn),
        _ => [],
    };

    /// <param name="Snapshot">The last entry that had a snapshot, to compare the next one with.</param>
    /// <param name="State">The tile's status as last recorded; null before the first.</param>
    /// <param name="StateRow">The row of that status, to close when the status changes.</param>
    private sealed record TileMemory(TileEntry? Snapshot, TileStatus? State, TimelineEvent? StateRow);
}
