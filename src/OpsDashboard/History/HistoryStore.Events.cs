using System.Text;
using Microsoft.Data.Sqlite;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.History;

/// <summary>The incident timeline's rows: written by the timeline recorder, read page by page by the timeline views.</summary>
public sealed partial class HistoryStore
{
    private const string EventColumns = "id, at_ms, until_ms, kind, severity, panel, grp, target, namespace, object, owner, reason, message, count, demo, source, total";

    /// <summary>Writes rows; a row whose key was written before is replaced (a burst that grew, a state that ended).</summary>
    public Task UpsertEventsAsync(IReadOnlyCollection<TimelineEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return InTransactionAsync(async (tx, ct) =>
        {
            await using var upsert = _connection.CreateCommand();
            upsert.Transaction = tx;
            upsert.CommandText = $"INSERT OR REPLACE INTO events ({EventColumns}) VALUES ($id, $at, $until, $kind, $sev, $panel, $grp, $target, $ns, $obj, $owner, $reason, $msg, $count, $demo, $source, $total)";
            var parameters = new[] { "$id", "$at", "$until", "$kind", "$sev", "$panel", "$grp", "$target", "$ns", "$obj", "$owner", "$reason", "$msg", "$count", "$demo", "$source", "$total" }
                .Select(name => upsert.Parameters.Add(name, SqliteType.Text)).ToArray();
            foreach (var e in events)
            {
                object?[] values =
                [
                    e.Id, e.At.ToUnixTimeMilliseconds(), e.Until?.ToUnixTimeMilliseconds(), (int)e.Kind, (int)e.Severity, e.Tile.Panel.ToString(), e.Tile.Group,
                    e.Tile.Target, e.Namespace, e.InvolvedObject, e.Owner, e.Reason, e.Message, e.Count, e.IsDemo ? 1 : 0, e.Source, e.Total,
                ];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                    parameters[i].SqliteType = values[i] is string ? SqliteType.Text : SqliteType.Integer;
                }

                await upsert.ExecuteNonQueryAsync(ct);
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
                where.Append(" AND (at_ms < $beforeAt OR (at_ms = $beforeAt AND id < $beforeId))");
                query.Parameters.AddWithValue("$beforeAt", cursor.At.ToUnixTimeMilliseconds());
                query.Parameters.AddWithValue("$beforeId", cursor.Id);
            }

            query.CommandText = $"SELECT {EventColumns} FROM events WHERE {where} ORDER BY at_ms DESC, id DESC LIMIT $limit";
            query.Parameters.AddWithValue("$limit", limit + 1);
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
            query.CommandText = $"SELECT {EventColumns} FROM events WHERE {Where(filter, query)} ORDER BY at_ms, id LIMIT $limit";
            query.Parameters.AddWithValue("$limit", limit);
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
    /// sum is the number of matching rows. One range sum per slice over an index that holds every filter but the
    /// object: no sort and no table lookups (a GROUP BY on the slice would sort every row of the range).
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
            await using var query = _connection.CreateCommand();
            var filters = Filters(filter, query);
            query.CommandText = $"SELECT SUM(severity = 0), SUM(severity = 1), SUM(severity = 2) FROM events WHERE at_ms >= $lo AND at_ms < $hi{filters}";
            var lo = query.Parameters.Add("$lo", SqliteType.Integer);
            var hi = query.Parameters.Add("$hi", SqliteType.Integer);
            var slices = new List<TimelineBucket>(buckets);
            for (var b = 0; b < buckets; b++)
            {
                var (start, end) = (from + (span * b / buckets), b == buckets - 1 ? to + 1 : from + (span * (b + 1) / buckets));
                (lo.Value, hi.Value) = (start, end);
                await using var reader = await query.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                int Count(int i) => reader.IsDBNull(i) ? 0 : reader.GetInt32(i);
                slices.Add(new TimelineBucket(DateTimeOffset.FromUnixTimeMilliseconds(start), DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(end, to)), Count(0), Count(1), Count(2)));
            }

            return slices;
        }, cancellationToken);
    }

    /// <summary>Tile state rows that cover any part of [from, to], oldest first: the state strips under the graphs.</summary>
    public Task<IReadOnlyList<TimelineEvent>> TileStatesAsync(DateTimeOffset from, DateTimeOffset to, string? cluster, PanelKind? panel, CancellationToken cancellationToken) =>
        GatedAsync<IReadOnlyList<TimelineEvent>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = $"""
                SELECT {EventColumns} FROM events
                WHERE kind = $kind AND at_ms <= $to AND (until_ms IS NULL OR until_ms >= $from)
                  AND ($grp IS NULL OR grp = $grp) AND ($panel IS NULL OR panel = $panel)
                ORDER BY at_ms, id
                """;
            query.Parameters.AddWithValue("$kind", (int)TimelineKind.TileState);
            query.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            query.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            query.Parameters.AddWithValue("$grp", (object?)cluster ?? DBNull.Value);
            query.Parameters.AddWithValue("$panel", (object?)panel?.ToString() ?? DBNull.Value);
            return await ReadEventsAsync(query, ct);
        }, cancellationToken);

    /// <summary>Rows of one kind still going on at <paramref name="since"/> or later, for the recorder to continue after a restart.</summary>
    public Task<IReadOnlyList<TimelineEvent>> OpenRowsAsync(TimelineKind kind, DateTimeOffset since, CancellationToken cancellationToken) =>
        GatedAsync<IReadOnlyList<TimelineEvent>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = $"SELECT {EventColumns} FROM events WHERE kind = $kind AND (until_ms IS NULL OR until_ms >= $since) ORDER BY at_ms, id";
            query.Parameters.AddWithValue("$kind", (int)kind);
            query.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            return await ReadEventsAsync(query, ct);
        }, cancellationToken);

    private static StringBuilder Where(TimelineFilter filter, SqliteCommand command)
    {
        var where = new StringBuilder("at_ms BETWEEN $from AND $to");
        command.Parameters.AddWithValue("$from", filter.From.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$to", filter.To.ToUnixTimeMilliseconds());
        return where.Append(Filters(filter, command));
    }

    /// <summary>The filters other than time, as " AND …" conditions with their parameters added to <paramref name="command"/>.</summary>
    private static string Filters(TimelineFilter filter, SqliteCommand command)
    {
        var where = new StringBuilder();
        if (filter.MinSeverity > TimelineSeverity.Info)
        {
            where.Append(" AND severity >= $sev");
            command.Parameters.AddWithValue("$sev", (int)filter.MinSeverity);
        }

        void Equal(string column, string parameter, string? value)
        {
            if (value is not null)
            {
                where.Append(System.Globalization.CultureInfo.InvariantCulture, $" AND {column} = {parameter}");
                command.Parameters.AddWithValue(parameter, value);
            }
        }

        Equal("panel", "$panel", filter.Panel?.ToString());
        Equal("grp", "$grp", filter.Cluster);
        Equal("namespace", "$ns", filter.Namespace);
        if (filter.InvolvedObject is { } obj)
        {
            where.Append(" AND (object = $obj OR owner = $obj)");
            command.Parameters.AddWithValue("$obj", obj);
        }

        return where.ToString();
    }

    private static async Task<List<TimelineEvent>> ReadEventsAsync(SqliteCommand query, CancellationToken cancellationToken)
    {
        var rows = new List<TimelineEvent>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var tile = new PanelKey(Enum.Parse<PanelKind>(reader.GetString(5)), reader.GetString(6), reader.GetString(7));
            rows.Add(new TimelineEvent(
                reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (TimelineKind)reader.GetInt32(3), (TimelineSeverity)reader.GetInt32(4),
                tile, Text(8), Text(9), reader.GetString(11), reader.GetString(12))
            {
                Until = reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                Owner = Text(10),
                Count = reader.GetInt32(13),
                IsDemo = reader.GetInt32(14) != 0,
                Source = Text(15),
                Total = reader.IsDBNull(16) ? null : reader.GetInt32(16),
            });
        }

        return rows;
    }
}
