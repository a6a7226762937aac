using System.Runtime.CompilerServices;
using OpsDashboard.History;

namespace OpsDashboard.Timeline;

/// <summary>What the timeline page shows of a view: its first rows, whether older ones exist, the density strip; or why the history cannot be read.</summary>
public sealed record TimelineScreen(TimelineFilter Filter, IReadOnlyList<TimelineEvent> Rows, TimelineCursor? Older, IReadOnlyList<TimelineBucket> Density, string? Error)
{
    public int Total => Density.Sum(b => b.Total);

    /// <summary>The changes made to the view's clusters from <see cref="WhatChanged.Lookback"/> before the range to its end, whatever the other filters: what an incident row names as before it.</summary>
    public IReadOnlyList<TimelineEvent> Changes { get; init; } = [];
}

/// <summary>What the graphs page shows of a view: every series of the range, the tiles' states, the density strip; or why not.</summary>
public sealed record GraphsScreen(
    DateTimeOffset From, DateTimeOffset To, TimeSpan Gap, IReadOnlyList<HistorySeries> Series, IReadOnlyList<TimelineEvent> States, IReadOnlyList<TimelineBucket> Density, string? Error)
{
    /// <summary>The changes made to the view's clusters in the range (deploys): markers on their tiles' graphs.</summary>
    public IReadOnlyList<TimelineEvent> Changes { get; init; } = [];
}

/// <summary>What the postmortem export holds: the rows of a fixed range oldest first, how many match in all, and the changes made to its clusters.</summary>
public sealed record PostmortemRows(IReadOnlyList<TimelineEvent> Rows, int Total, IReadOnlyList<TimelineEvent> Changes);

/// <summary>
/// Every read of the triage pages (timeline, graphs, the postmortem export), with the page's cancellation: a query the
/// browser no longer waits for is cancelled in the database. Live views are pushed a new screen when rows or samples are
/// written (<see cref="TimelineFeed"/>, <see cref="SampleFeed"/>), at most once per <see cref="TriageQuery.FollowPause"/>.
/// </summary>
public sealed class TriageReads(HistoryDatabase database, TimelineFeed rows, SampleFeed samples, TimeProvider time)
{
    /// <summary>Slices of the density strip.</summary>
    public const int DensitySlices = 120;

    public async Task<TimelineScreen> TimelineAsync(TriageQuery query, int firstPage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter(time.GetUtcNow());
        try
        {
            return await database.ReadAsync(async (db, ct) =>
            {
                var page = await db.QueryEventsAsync(filter, firstPage, null, ct);
                return new TimelineScreen(filter, page.Events, page.Older, await db.EventDensityAsync(filter, DensitySlices, ct), null)
                {
                    Changes = await ChangesAsync(db, filter, ct),
                };
            }, cancellationToken);
        }
        catch (HistoryUnavailableException ex)
        {
            return new TimelineScreen(filter, [], null, [], ex.Message);
        }
    }

    public Task<TimelineRowPage> OlderAsync(TimelineFilter filter, TimelineCursor cursor, int pageSize, CancellationToken cancellationToken) =>
        database.ReadAsync((db, ct) => db.QueryEventsAsync(filter, pageSize, cursor, ct), cancellationToken);

    /// <summary>The rows of a fixed range for the postmortem, oldest first (at most <see cref="PostmortemWriter.MaxRows"/>), how many match in all, and the changes.</summary>
    public Task<PostmortemRows> PostmortemAsync(TimelineFilter filter, CancellationToken cancellationToken) => ReadPostmortemAsync(database, filter, cancellationToken);

    /// <summary>As <see cref="PostmortemAsync"/>, for the export's own endpoint.</summary>
    public static Task<PostmortemRows> ReadPostmortemAsync(HistoryDatabase database, TimelineFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ReadAsync(async (db, ct) => new PostmortemRows(
            await db.QueryEventsOldestFirstAsync(filter, PostmortemWriter.MaxRows, ct), await db.CountEventsAsync(filter, ct), await ChangesAsync(db, filter, ct)), cancellationToken);
    }

    /// <summary>Changes made to the filter's cluster (or all) from <see cref="WhatChanged.Lookback"/> before its range to its end; the other filters do not apply.</summary>
    private static Task<IReadOnlyList<TimelineEvent>> ChangesAsync(HistoryStore db, TimelineFilter filter, CancellationToken cancellationToken) =>
        db.ChangesAsync(Panels.DashboardPanels.ChangeKinds, filter.From - WhatChanged.Lookback, filter.To, filter.Cluster, WhatChanged.MaxChanges, cancellationToken);

    public async Task<GraphsScreen> GraphsAsync(TriageQuery query, int slices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = query.Filter(time.GetUtcNow());
        var (from, to) = (filter.From, filter.To);
        // Slices further apart than this are not joined: a gap in the samples stays a gap.
        var gap = TimeSpan.FromTicks(Math.Max((to - from).Ticks / slices * 5 / 2, database.Options.SampleInterval.Ticks * 3));
        try
        {
            return await database.ReadAsync(async (db, ct) => new GraphsScreen(from, to, gap,
                await db.QueryDownsampledAsync(from, to, slices, query.Cluster, query.Panel, ct),
                await db.TileStatesAsync(from, to, query.Cluster, query.Panel, ct),
                await db.EventDensityAsync(filter, DensitySlices, ct), null)
            {
                Changes = await db.ChangesAsync(Panels.DashboardPanels.ChangeKinds, from, to, query.Cluster, WhatChanged.MaxChanges, ct),
            }, cancellationToken);
        }
        catch (HistoryUnavailableException ex)
        {
            return new GraphsScreen(from, to, gap, [], [], [], ex.Message);
        }
    }

    /// <summary>
    /// For a live range, the timeline again each time rows are written, while <paramref name="wanted"/> (the reader has not
    /// paged back); nothing for a fixed range.
    /// </summary>
    public IAsyncEnumerable<TimelineScreen> FollowTimelineAsync(TriageQuery query, int firstPage, Func<bool> wanted, CancellationToken cancellationToken) =>
        FollowAsync(rows, query, wanted, ct => TimelineAsync(query, firstPage, ct), TimeSpan.Zero, cancellationToken);

    /// <summary>For a live range, the graphs again each time figure samples (or state rows) are written; nothing for a fixed range.</summary>
    public IAsyncEnumerable<GraphsScreen> FollowGraphsAsync(TriageQuery query, int slices, CancellationToken cancellationToken) =>
        FollowAsync(samples, query, () => true, ct => GraphsAsync(query, slices, ct), database.Options.SampleInterval, cancellationToken);

    private async IAsyncEnumerable<T> FollowAsync<T>(
        HistoryPulse feed, TriageQuery query, Func<bool> wanted, Func<CancellationToken, Task<T>> read, TimeSpan minimumPause, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!query.IsLive)
        {
            yield break;
        }

        var version = feed.Version;
        while (!cancellationToken.IsCancellationRequested)
        {
            await feed.WaitAsync(version, cancellationToken);
            version = feed.Version;
            if (wanted())
            {
                yield return await read(cancellationToken);
            }

            // A long range changes little from one batch to the next: at most every 2 s for the last hour, every 30 s for a day.
            var pause = TriageQuery.FollowPause(query.Window(time.GetUtcNow()));
            await Task.Delay(pause > minimumPause ? pause : minimumPause, time, cancellationToken);
        }
    }
}
