using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>
/// Headline figures and the incident timeline over time, so graphs and triage survive restarts: in an embedded SQLite
/// file by default, or in PostgreSQL shared by every replica when scaled out. One connection per instance, used by one
/// caller at a time: the recorders share one writer, and each page query opens its own reader. Every query is the
/// same on both back-ends; <see cref="HistoryDialect"/> holds the few differences. Database errors are turned into
/// messages that name the database and what to do.
/// </summary>
public sealed partial class HistoryStore : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DbConnection _connection;
    private readonly HistoryDialect _dialect;

    /// <summary>Whether this database's samples have the demo column; learnt on the first query that needs it.</summary>
    private bool? _samplesMarked;

    private HistoryStore(string location, DbConnection connection, HistoryDialect dialect)
    {
        Location = location;
        _connection = connection;
        _dialect = dialect;
    }

    /// <summary>The SQLite file's full path, or "PostgreSQL database … on host:port".</summary>
    public string Location { get; }

    /// <summary>
    /// Opens an existing database for queries only (pages' graphs and timeline), on a pooled connection of its own so
    /// that a long read never waits for the writer or holds it up.
    /// </summary>
    public static async Task<HistoryStore> OpenReaderAsync(string path, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new HistoryUnavailableException($"History database {full} does not exist yet: nothing has been recorded. It is created when the app first records history (Dashboard:History:Enabled).");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWrite, DefaultTimeout = 2 }.ToString());
        return await OpenOnAsync(full, connection, SqliteHistoryDialect.Instance, createSchema: false, cancellationToken);
    }

    /// <summary>Opens (creating if needed) the database at <paramref name="path"/> and checks it is usable.</summary>
    public static async Task<HistoryStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HistoryUnavailableException($"History database {full}: cannot create its folder ({ex.Message}). Set Dashboard:History:Path to a writable location.", ex);
        }

        // A locked file must fail within seconds (Microsoft.Data.Sqlite otherwise retries busy errors for 30 s per command).
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false, DefaultTimeout = 2 }.ToString());
        return await OpenOnAsync(full, connection, SqliteHistoryDialect.Instance, createSchema: true, cancellationToken);
    }

    /// <summary>Opens a connection of <paramref name="dataSource"/>, creating the schema when <paramref name="createSchema"/> (the writer).</summary>
    public static async Task<HistoryStore> OpenPostgresAsync(NpgsqlDataSource dataSource, bool createSchema, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        return await OpenOnAsync(PostgresHistoryDialect.Describe(dataSource), dataSource.CreateConnection(), PostgresHistoryDialect.Instance, createSchema, cancellationToken);
    }

    private static async Task<HistoryStore> OpenOnAsync(string location, DbConnection connection, HistoryDialect dialect, bool createSchema, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (createSchema)
            {
                await dialect.CreateSchemaAsync(connection, cancellationToken);
            }

            return new HistoryStore(location, connection, dialect);
        }
        catch (Exception ex) when (dialect.Explain(location, ex) is { } explained)
        {
            await connection.DisposeAsync();
            throw explained;
        }
    }

    public Task AppendAsync(IReadOnlyCollection<HistorySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return InTransactionAsync(async (tx, ct) =>
        {
            await WriteRowsAsync(tx, _dialect.UpsertSample, SampleTable.Table, samples, ct);

            if (_dialect.AfterSamplesWritten is { } notify)
            {
                await using var after = _connection.CreateCommand();
                after.Transaction = tx;
                after.CommandText = notify;
                await after.ExecuteNonQueryAsync(ct);
            }
        }, cancellationToken);
    }

    /// <summary>The points of one figure of one tile in [from, to], oldest first; <paramref name="realOnly"/> as in <see cref="QueryDownsampledAsync"/>.</summary>
    public Task<IReadOnlyList<HistoryPoint>> QueryAsync(PanelKey key, string figure, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken, bool realOnly = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        return GatedAsync<IReadOnlyList<HistoryPoint>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            var real = realOnly ? $" AND {await RealSamplesAsync(ct)}" : "";
            query.CommandText = $"""
                SELECT at_ms, value FROM samples
                WHERE panel = @panel AND grp = @grp AND target = @target AND figure = @figure AND at_ms BETWEEN @from AND @to{real}
                ORDER BY at_ms
                """;
            query.Add("@panel", key.Panel.Code);
            query.Add("@grp", key.Group);
            query.Add("@target", key.Target);
            query.Add("@figure", figure);
            query.Add("@from", from.ToUnixTimeMilliseconds());
            query.Add("@to", to.ToUnixTimeMilliseconds());
            var points = new List<HistoryPoint>();
            await using var reader = await query.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                points.Add(new HistoryPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1)));
            }

            return points;
        }, cancellationToken);
    }

    /// <summary>Deletes samples and timeline rows older than <paramref name="before"/>, except a tile state still going on; returns how many.</summary>
    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) => GatedAsync(async ct =>
    {
        async Task<int> DeleteAsync(string sql)
        {
            await using var delete = _connection.CreateCommand();
            delete.CommandText = sql;
            // Only the parameters a statement names: PostgreSQL counts every one it is sent.
            if (sql.Contains("@before", StringComparison.Ordinal))
            {
                delete.Add("@before", before.ToUnixTimeMilliseconds());
            }

            if (sql.Contains("@open", StringComparison.Ordinal))
            {
                delete.Add("@open", Timeline.TimelineKind.TileState.Code);
            }

            return await delete.ExecuteNonQueryAsync(ct);
        }

        var deleted = await DeleteAsync("DELETE FROM samples WHERE at_ms < @before")
            + await DeleteAsync("DELETE FROM events WHERE at_ms < @before AND (kind <> @open OR until_ms < @before)");
        await DeleteAsync("DELETE FROM event_minutes WHERE count <= 0");
        return deleted;
    }, cancellationToken);

    /// <summary>Runs one piece of work on the connection, one caller at a time, with database errors explained.</summary>
    private async Task<T> GatedAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
        }
        catch (Exception ex) when (_dialect.Explain(Location, ex) is { } explained)
        {
            throw explained;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every row <paramref name="sql"/> selects, each read by <paramref name="read"/>.</summary>
    private Task<IReadOnlyList<T>> ReadRowsAsync<T>(string sql, Action<DbCommand> parameters, Func<DbDataReader, T> read, CancellationToken cancellationToken) =>
        GatedAsync<IReadOnlyList<T>>(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = sql;
            parameters(query);
            var rows = new List<T>();
            await using var reader = await query.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(read(reader));
            }

            return rows;
        }, cancellationToken);

    /// <summary>Runs <paramref name="sql"/> once per row, with the table's parameters filled from it.</summary>
    private async Task WriteRowsAsync<TRow>(DbTransaction tx, string sql, HistoryTable<TRow> table, IEnumerable<TRow> rows, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        var parameters = table.Parameters(command);
        foreach (var row in rows)
        {
            table.Fill(parameters, row);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private Task<int> InTransactionAsync(Func<DbTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) => GatedAsync(async ct =>
    {
        await using var tx = await _connection.BeginTransactionAsync(ct);
        await work(tx, ct);
        await tx.CommitAsync(ct);
        return 0;
    }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
