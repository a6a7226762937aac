using System.Text;
using System.Data;
using System.Data.Common;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.History;

/// <summary>The incident timeline's rows: written by the timeline recorder, read page by page by the timeline views.</summary>
public sealed partial class HistoryStore
{
    private const long Minute = 60_000;

    /// <summary>Writes rows; a row whose key was written before is replaced (a burst that grew, a state that ended).</summary>
    public Task UpsertEventsAsync(IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return InTransactionAsync(async (tx, ct) =>
        {
            await WriteRowsAsync(tx, _dialect.UpsertEvent, EventTable.Table, events, ct);

            if (_dialect.AfterEventsWritten is { } notify)
            {
                await using var after = _connection.CreateCommand();
                after.Transaction = tx;
                after.CommandText = notify;
                await after.ExecuteNonQueryAsync(ct);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// One page of matching rows, newest first (ties by row id, so pages never overlap or skip), starting strictly
    /// below <paramref name="before"/> when given. Costs one index walk of the page, not of the range.
    /// </summary>
    public Task<TimelineRowPage> QueryEventsAsync(TimelineFilter filter, int limit, TimelineCursor? before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return GatedAsync(async ct =>
        {
            await using var query = _connection.CreateCommand();
            var where = Where(filter, query);
            if (before is { } cursor)
            {
                where.Append(" AND (at_ms < @beforeAt OR (at_ms = @beforeAt AND id < @beforeId))");
                query.Add("@beforeAt", cursor.At.ToUnixTimeMilliseconds());
                query.Add("@beforeId", cursor.Id);
            }

            query.CommandText = $"SELECT {EventTable.Table.ColumnList} FROM events WHERE {where} ORDER BY at_ms DESC, id DESC LIMIT @limit";
            query.Add("@limit", limit + 1);
            var rows = await ReadEventsAsync(query, ct);
            var more = rows.Count > limit;
            if (more)
            {
                rows.RemoveAt(rows.Count - 1);
            }

            return new TimelineRowPage(rows, more ? new TimelineCursor(rows[^1].At, rows[^1].Id) : null);
        }, cancellationToken);
    }

    /// <summary>Matching rows oldest first, at most <paramref name="limit"/> (the postmortem export).</summary>
    public Task<IReadOnlyList<TimelineEvent>> QueryEventsOldestFirstAsync(TimelineFilter filter, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return GatedAsync<IReadOnlyList<TimelineEvent>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = $"SELECT {EventTable.Table.ColumnList} FROM events WHERE {Where(filter, query)} ORDER BY at_ms, id LIMIT @limit";
            query.Add("@limit", limit);
            return await ReadEventsAsync(query, ct);
        }, cancellationToken);
    }

    public Task<int> CountEventsAsync(TimelineFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return GatedAsync(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = $"SELECT COUNT(*) FROM events WHERE {Where(filter, query)}";
            return Convert.ToInt32(await query.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);
    }

    /// <summary>
    /// How many matching rows fall in each of <paramref name="buckets"/> equal slices of the range, by severity; their
    /// sum is the number of matching rows. A long range reads the per-minute counts the triggers keep (a day is 1,440
    /// minutes, not 864,000 rows), plus the rows of the part-minutes at either end; a minute counts in the slice its
    /// start falls in. A short range, or one filtered by object, counts rows: one range sum per slice over an index that
    /// holds every other filter, with no sort.
    /// </summary>
    public Task<IReadOnlyList<TimelineBucket>> EventDensityAsync(TimelineFilter filter, int buckets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        return GatedAsync<IReadOnlyList<TimelineBucket>>(async ct =>
        {
            var from = filter.From.ToUnixTimeMilliseconds();
            var to = filter.To.ToUnixTimeMilliseconds();
            var span = Math.Max(1, to - from);
            var counts = new int[buckets, 3];
            int Slice(long at) => (int)Math.Clamp((at - from) * buckets / span, 0, buckets - 1);
            var (firstMinute, endMinute) = ((from + Minute - 1) / Minute, (to + 1) / Minute);
            if (filter.InvolvedObject is null && endMinute - firstMinute >= 2L * buckets)
            {
                await CountRowsAsync(filter, from, firstMinute * Minute, (severity, count) => counts[0, severity] += count, ct);
                await CountRowsAsync(filter, endMinute * Minute, to + 1, (severity, count) => counts[buckets - 1, severity] += count, ct);
                await using var minutes = _connection.CreateCommand();
                minutes.CommandText = $"SELECT minute, severity, CAST(SUM(count) AS INTEGER) FROM event_minutes WHERE minute >= @first AND minute < @end{Filters(filter, minutes)} GROUP BY minute, severity";
                minutes.Add("@first", firstMinute);
                minutes.Add("@end", endMinute);
                await using var reader = await minutes.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    counts[Slice(reader.GetInt64(0) * Minute), Math.Clamp(reader.GetInt32(1), 0, 2)] += reader.GetInt32(2);
                }
            }
            else
            {
                for (var b = 0; b < buckets; b++)
                {
                    var slice = b;
                    var (start, end) = (from + (span * b / buckets), b == buckets - 1 ? to + 1 : from + (span * (b + 1) / buckets));
                    await CountRowsAsync(filter, start, end, (severity, count) => counts[slice, severity] += count, ct);
                }
            }

            return
            [
                .. Enumerable.Range(0, buckets).Select(b => new TimelineBucket(
                    DateTimeOffset.FromUnixTimeMilliseconds(from + (span * b / buckets)),
                    DateTimeOffset.FromUnixTimeMilliseconds(b == buckets - 1 ? to : from + (span * (b + 1) / buckets)),
                    counts[b, 0], counts[b, 1], counts[b, 2])),
            ];
        }, cancellationToken);
    }

    /// <summary>Tile state rows that cover any part of [from, to], oldest first: the state strips under the graphs.</summary>
    public Task<IReadOnlyList<TimelineEvent>> TileStatesAsync(DateTimeOffset from, DateTimeOffset to, string? cluster, PanelKind? panel, CancellationToken cancellationToken) =>
        GatedAsync<IReadOnlyList<TimelineEvent>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = $"""
                SELECT {EventTable.Table.ColumnList} FROM events
                WHERE kind = @kind AND at_ms <= @to AND (until_ms IS NULL OR until_ms >= @from)
                  AND (@grp IS NULL OR grp = @grp) AND (@panel IS NULL OR panel = @panel)
                ORDER BY at_ms, id
                """;
            query.Add("@kind", TimelineKind.TileState.Code);
            query.Add("@from", from.ToUnixTimeMilliseconds());
            query.Add("@to", to.ToUnixTimeMilliseconds());
            query.Add("@grp", cluster);
            query.Add("@panel", panel?.Code);
            return await ReadEventsAsync(query, ct);
        }, cancellationToken);

    /// <summary>
    /// Rows of <paramref name="kinds"/> (changes made to a cluster: deploys) with <paramref name="from"/> ≤ at ≤
    /// <paramref name="to"/>, in one cluster or all, oldest first; the newest <paramref name="limit"/> when there are more.
    /// </summary>
    public Task<IReadOnlyList<TimelineEvent>> ChangesAsync(IReadOnlyCollection<TimelineKind> kinds, DateTimeOffset from, DateTimeOffset to, string? cluster, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (kinds.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<TimelineEvent>>([]);
        }

        return GatedAsync<IReadOnlyList<TimelineEvent>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            var codes = string.Join(", ", kinds.Select((k, i) => $"@kind{i}"));
            query.CommandText = $"""
                SELECT {EventTable.Table.ColumnList} FROM events
                WHERE kind IN ({codes}) AND at_ms BETWEEN @from AND @to AND (@grp IS NULL OR grp = @grp)
                ORDER BY at_ms DESC, id DESC LIMIT @limit
                """;
            foreach (var (kind, i) in kinds.Select((k, i) => (k, i)))
            {
                query.Add($"@kind{i}", kind.Code);
            }

            query.Add("@from", from.ToUnixTimeMilliseconds());
            query.Add("@to", to.ToUnixTimeMilliseconds());
            query.Add("@grp", cluster);
            query.Add("@limit", limit);
            var rows = await ReadEventsAsync(query, ct);
            rows.Reverse();
            return rows;
        }, cancellationToken);
    }

    /// <summary>Rows of one kind still going on at <paramref name="since"/> or later, for the recorder to continue after a restart.</summary>
    public Task<IReadOnlyList<TimelineEvent>> OpenRowsAsync(TimelineKind kind, DateTimeOffset since, CancellationToken cancellationToken) =>
        GatedAsync<IReadOnlyList<TimelineEvent>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = $"SELECT {EventTable.Table.ColumnList} FROM events WHERE kind = @kind AND (until_ms IS NULL OR until_ms >= @since) ORDER BY at_ms, id";
            query.Add("@kind", kind.Code);
            query.Add("@since", since.ToUnixTimeMilliseconds());
            return await ReadEventsAsync(query, ct);
        }, cancellationToken);

    /// <summary>Counts matching rows with <paramref name="from"/> ≤ at &lt; <paramref name="to"/>, by severity, over the covering index.</summary>
    private async Task CountRowsAsync(TimelineFilter filter, long from, long to, Action<int, int> add, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return;
        }

        await using var query = _connection.CreateCommand();
        query.CommandText = $"SELECT CAST(COUNT(*) FILTER (WHERE severity = 0) AS INTEGER), CAST(COUNT(*) FILTER (WHERE severity = 1) AS INTEGER), CAST(COUNT(*) FILTER (WHERE severity = 2) AS INTEGER) FROM events WHERE at_ms >= @lo AND at_ms < @hi{Filters(filter, query)}";
        query.Add("@lo", from);
        query.Add("@hi", to);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        for (var severity = 0; severity < 3; severity++)
        {
            add(severity, reader.IsDBNull(severity) ? 0 : reader.GetInt32(severity));
        }
    }

    private static StringBuilder Where(TimelineFilter filter, DbCommand command)
    {
        var where = new StringBuilder("at_ms BETWEEN @from AND @to");
        command.Add("@from", filter.From.ToUnixTimeMilliseconds());
        command.Add("@to", filter.To.ToUnixTimeMilliseconds());
        return where.Append(Filters(filter, command));
    }

    /// <summary>The filters other than time, as " AND …" conditions with their parameters added to <paramref name="command"/>.</summary>
    private static string Filters(TimelineFilter filter, DbCommand command)
    {
        var where = new StringBuilder();
        if (filter.MinSeverity > TimelineSeverity.Info)
        {
            where.Append(" AND severity >= @sev");
            command.Add("@sev", (long)filter.MinSeverity);
        }

        void Equal(string column, string parameter, string? value)
        {
            if (value is not null)
            {
                where.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND {column} = {parameter}");
                command.Add(parameter, value);
            }
        }

        Equal("panel", "@panel", filter.Panel?.Code);
        Equal("grp", "@grp", filter.Cluster);
        Equal("namespace", "@ns", filter.Namespace);
        if (filter.InvolvedObject is { } obj)
        {
            where.Append(" AND (object = @obj OR owner = @obj)");
            command.Add("@obj", obj);
        }

        return where.ToString();
    }

    private static async Task<List<TimelineEvent>> ReadEventsAsync(DbCommand query, CancellationToken cancellationToken)
    {
        var rows = new List<TimelineEvent>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(EventTable.Read(reader));
        }

        return rows;
    }
}
