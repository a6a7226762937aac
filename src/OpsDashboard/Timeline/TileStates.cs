using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>
/// Rows for a tile's state: each change (OK → CRITICAL) opens a row that lasts until the next change, dated by the data
/// itself where it can be: a fault from when it started, stale data from when it passed its limit, new data from when
/// it was taken. The row carries the status it opened as a domain value (<see cref="TimelineEvent.State"/>); its
/// reason is words for people, never read back.
/// </summary>
public static class TileStates
{
    /// <summary>The rows a change of status writes: the previous state's row closed, and the new state's row.</summary>
    public static IReadOnlyList<TimelineEvent> Change(TileEntry entry, TileStatus? before, TimelineEvent? openRow, TileStatus after, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = ChangedAt(entry, after, now);
        if (openRow is not null && at < openRow.At)
        {
            at = openRow.At;
        }

        var reason = $"{(before is { } b ? b.Word() : "first reading")} → {after.Word()}";
        var message = Sentence(entry, now);
        var row = new ChangeContext(entry.Key, at, entry.IsDemo).Row(TimelineKind.TileState, "state", at, SeverityOf(after), null, null, reason, message) with { State = after };
        return openRow is null ? [row] : [openRow with { Until = at }, row];
    }

    public static TimelineSeverity SeverityOf(TileStatus status) => status switch
    {
        TileStatus.Critical or TileStatus.Error => TimelineSeverity.Critical,
        TileStatus.Warning or TileStatus.Stale => TimelineSeverity.Warning,
        _ => TimelineSeverity.Info,
    };

    /// <summary>The tile's sentence: its headline, then why nobody can vouch for it or what is wrong.</summary>
    public static string Sentence(TileEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var detail = entry.ProblemAt(now) ?? entry.Snapshot?.Why;
        return entry.Snapshot is { } snapshot ? $"{snapshot.Headline}{(detail is null ? "" : $"; {detail}")}" : detail ?? "no data";
    }

    /// <summary>When the tile entered <paramref name="status"/>, by the data itself where it says, never later than now.</summary>
    public static DateTimeOffset ChangedAt(TileEntry entry, TileStatus status, DateTimeOffset now)
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
