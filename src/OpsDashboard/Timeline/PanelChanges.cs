using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>Rows of an earlier run that a detector continues from after a restart: of which kind, and how far back.</summary>
public sealed record TimelineContinuation(TimelineKind Kind, TimeSpan Back);

/// <summary>
/// What one panel counts as a change, for the timeline: the rows found between one snapshot of a tile and the next.
/// One instance per timeline recorder; called from its single loop.
/// </summary>
public interface IPanelChanges
{
    IEnumerable<TimelineEvent> Between(ChangeContext context, PanelSnapshot? before, PanelSnapshot after, DateTimeOffset now);

    /// <summary>The rows this detector continues from after a restart; null when it keeps nothing between snapshots.</summary>
    TimelineContinuation? Continues { get; }

    /// <summary>Takes the rows <see cref="Continues"/> asked for, read back from the history.</summary>
    void Continue(IReadOnlyList<TimelineEvent> rows);
}

/// <summary>A panel's changes that depend only on the two snapshots.</summary>
public sealed class PanelChanges<TSnapshot>(Func<ChangeContext, TSnapshot?, TSnapshot, IEnumerable<TimelineEvent>> between) : IPanelChanges
    where TSnapshot : PanelSnapshot
{
    public TimelineContinuation? Continues => null;

    public IEnumerable<TimelineEvent> Between(ChangeContext context, PanelSnapshot? before, PanelSnapshot after, DateTimeOffset now) =>
        after is TSnapshot typed ? between(context, before as TSnapshot, typed) : [];

    public void Continue(IReadOnlyList<TimelineEvent> rows)
    {
    }
}
