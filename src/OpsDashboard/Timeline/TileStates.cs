using OpsDashboard.Components.Tiles;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>
/// Rows for a tile's state: each change (OK → CRITICAL) opens a row that lasts until the next change, dated by the data
/// itself where it can be: a fault from when it started, stale data from when it passed its limit, new data from when
/// it was taken.
/// </summary>
public static class TileStates
{
    private const string Arrow = " → ";

    /// <summary>The rows a change of status writes: the previous state's row closed, and the new state's row.</summary>
    public static IReadOnlyList<TimelineEvent> Change(TileEntry entry, TileStatus? before, TimelineEvent? openRow, TileStatus after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = ChangedAt(entry, after, now);
        if (openRow is not null && at < openRow.At)
        {
            at = openRow.At;
        }

        var view = TilePresentation.For(entry, now);
        var reason = before is { } b ? $"{TilePresentation.LabelOf(b)}{Arrow}{view.Label}" : $"first reading{Arrow}{view.Label}";
        var detail = view.FaultText ?? entry.Snapshot?.Why;
        var message = entry.Snapshot is { } snapshot ? $"{snapshot.Headline}{(detail is null ? "" : $"; {detail}")}" : detail ?? "no data";
        var row = new ChangeContext(entry.Key, at, entry.IsDemo).Row(TimelineKind.TileState, "state", at, SeverityOf(after), null, null, reason, message);
        return openRow is null ? [row] : [openRow with { Until = at }, row];
    }

    /// <summary>The status a state row opened, read back from its reason (for continuing after a restart).</summary>
    public static TileStatus? StatusOf(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var label = row.Reason[(row.Reason.LastIndexOf(Arrow, StringComparison.Ordinal) is var i && i >= 0 ? i + Arrow.Length : 0)..];
        return Enum.GetValues<TileStatus>().Cast<TileStatus?>().FirstOrDefault(s => TilePresentation.LabelOf(s!.Value) == label);
    }

    public static TimelineSeverity SeverityOf(TileStatus status) => status switch
    {
        TileStatus.Critical or TileStatus.Error => TimelineSeverity.Critical,
        TileStatus.Warning or TileStatus.Stale => TimelineSeverity.Warning,
        _ => TimelineSeverity.Info,
    };

    private static DateTimeOffset ChangedAt(TileEntry entry, TileStatus status, DateTimeOffset now)
    {
        var at = status switch
        {
            TileStatus.Error when entry.Fault is { } fault => fault.Since,
            TileStatus.Stale when entry.TakenAt is { } taken => taken + entry.StaleAfter,
            _ => entry.TakenAt ?? now,
        };
        return at > now ? now : at;
    }
}
