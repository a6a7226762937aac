using Microsoft.Data.Sqlite;
using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>
/// Headline figures over time in an embedded SQLite file, so graphs and triage survive restarts. One connection, used
/// by one writer at a time; SQLite errors are turned into messages that name the file and what to do.
/// </summary>
public sealed class HistoryStore : IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS samples (
            panel TEXT NOT NULL,
            grp TEXT NOT NULL,
            target TEXT NOT NULL,
            figure TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            value REAL NOT NULL,
            PRIMARY KEY (panel, grp, target, figure, at_ms)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS samples_by_time ON samples (at_ms);
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;

    private HistoryStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

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
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;", cancellationToken);
            await ExecuteAsync(connection, Schema, cancellationToken);
            return new HistoryStore(full, connection);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw Explain(full, ex);
        }
    }

    public async Task AppendAsync(IReadOnlyCollection<HistorySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT OR REPLACE INTO samples (panel, grp, target, figure, at_ms, value) VALUES ($p, $g, $t, $f, $at, $v)";
            var p = insert.Parameters.Add("$p", SqliteType.Text);
            var g = insert.Parameters.Add("$g", SqliteType.Text);
            var t = insert.Parameters.Add("$t", SqliteType.Text);
            var f = insert.Parameters.Add("$f", SqliteType.Text);
            var at = insert.Parameters.Add("$at", SqliteType.Integer);
            var v = insert.Parameters.Add("$v", SqliteType.Real);
            foreach (var sample in samples)
            {
                p.Value = sample.Key.Panel.ToString();
                g.Value = sample.Key.Group;
                t.Value = sample.Key.Target;
                f.Value = sample.Figure;
                at.Value = sample.At.ToUnixTimeMilliseconds();
                v.Value = sample.Value;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Explain(Path, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The points of one figure of one tile in [from, to], oldest first.</summary>
    public async Task<IReadOnlyList<HistoryPoint>> QueryAsync(PanelKey key, string figure, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = """
                SELECT at_ms, value FROM samples
                WHERE panel = $p AND grp = $g AND target = $t AND figure = $f AND at_ms BETWEEN $from AND $to
                ORDER BY at_ms
                """;
            query.Parameters.AddWithValue("$p", key.Panel.ToString());
            query.Parameters.AddWithValue("$g", key.Group);
            query.Parameters.AddWithValue("$t", key.Target);
            query.Parameters.AddWithValue("$f", figure);
            query.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
            query.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
            var points = new List<HistoryPoint>();
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                points.Add(new HistoryPoint(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetDouble(1)));
            }

            return points;
        }
        catch (SqliteException ex)
        {
            throw Explain(Path, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Deletes samples older than <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var delete = _connection.CreateCommand();
            delete.CommandText = "DELETE FROM samples WHERE at_ms < $before";
            delete.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
            return await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            throw Explain(Path, ex);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static HistoryUnavailableException Explain(string path, SqliteException ex) => ex.SqliteErrorCode switch
    {
        26 or 11 => new HistoryUnavailableException(
            $"History database {path} is not a valid SQLite database or is corrupt ({ex.Message}). Move the file aside or delete it to start a new history; live panels keep working meanwhile.", ex),
        5 or 6 => new HistoryUnavailableException(
            $"History database {path} is locked by another process ({ex.Message}). Stop the other process or point Dashboard:History:Path at another file; live panels keep working meanwhile.", ex),
        8 or 14 or 23 => new HistoryUnavailableException(
            $"History database {path} cannot be opened for writing ({ex.Message}). Check the file's permissions or set Dashboard:History:Path to a writable location.", ex),
        _ => new HistoryUnavailableException($"History database {path}: {ex.Message}", ex),
    };
}
