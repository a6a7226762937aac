using Microsoft.Data.Sqlite;
using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>
/// Headline figures and the incident timeline over time in an embedded SQLite file, so graphs and triage survive
/// restarts. One connection per instance, used by one caller at a time: the recorders share one writer, and each page
/// query opens its own reader (WAL lets readers and the writer go on side by side). SQLite errors are turned into
/// messages that name the file and what to do.
/// </summary>
public sealed partial class HistoryStore : IAsyncDisposable
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
        CREATE TABLE IF NOT EXISTS events (
            id INTEGER PRIMARY KEY,
            at_ms INTEGER NOT NULL,
            until_ms INTEGER,
            kind INTEGER NOT NULL,
            severity INTEGER NOT NULL,
            panel TEXT NOT NULL,
            grp TEXT NOT NULL,
            target TEXT NOT NULL,
            namespace TEXT,
            object TEXT,
            owner TEXT,
            reason TEXT NOT NULL,
            message TEXT NOT NULL,
            count INTEGER NOT NULL,
            demo INTEGER NOT NULL,
            source TEXT,
            total INTEGER
        );
        CREATE INDEX IF NOT EXISTS events_by_time_and_filters ON events (at_ms, severity, panel, grp, namespace);
        CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, at_ms);
        CREATE INDEX IF NOT EXISTS events_by_object ON events (object, at_ms);
        CREATE INDEX IF NOT EXISTS events_by_owner ON events (owner, at_ms);
        CREATE TABLE IF NOT EXISTS event_minutes (
            minute INTEGER NOT NULL,
            severity INTEGER NOT NULL,
            panel TEXT NOT NULL,
            grp TEXT NOT NULL,
            namespace TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (minute, severity, panel, grp, namespace)
        ) WITHOUT ROWID;
        CREATE TRIGGER IF NOT EXISTS event_minutes_add AFTER INSERT ON events BEGIN
            INSERT INTO event_minutes VALUES (NEW.at_ms / 60000, NEW.severity, NEW.panel, NEW.grp, COALESCE(NEW.namespace, ''), 1)
            ON CONFLICT DO UPDATE SET count = count + 1;
        END;
        CREATE TRIGGER IF NOT EXISTS event_minutes_remove AFTER DELETE ON events BEGIN
            UPDATE event_minutes SET count = count - 1
            WHERE minute = OLD.at_ms / 60000 AND severity = OLD.severity AND panel = OLD.panel AND grp = OLD.grp AND namespace = COALESCE(OLD.namespace, '');
        END;
        INSERT INTO event_minutes
            SELECT at_ms / 60000, severity, panel, grp, COALESCE(namespace, ''), COUNT(*) FROM events
            WHERE NOT EXISTS (SELECT 1 FROM event_minutes) GROUP BY 1, 2, 3, 4, 5;
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;

    private HistoryStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    public string Path { get; }

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
        try
        {
            await connection.OpenAsync(cancellationToken);
            return new HistoryStore(full, connection);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw Explain(full, ex);
        }
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
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Recursive triggers: a row written again (REPLACE) leaves the per-minute counts by the delete trigger first.
            await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA recursive_triggers = ON;", cancellationToken);
            await ExecuteAsync(connection, Schema, cancellationToken);
            return new HistoryStore(full, connection);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw Explain(full, ex);
        }
    }

    public Task AppendAsync(IReadOnlyCollection<HistorySample> samples, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(samples);
        return InTransactionAsync(async (tx, ct) =>
        {
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
                await insert.ExecuteNonQueryAsync(ct);
            }
        }, cancellationToken);
    }

    /// <summary>The points of one figure of one tile in [from, to], oldest first.</summary>
    public Task<IReadOnlyList<HistoryPoint>> QueryAsync(PanelKey key, string figure, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        return GatedAsync<IReadOnlyList<HistoryPoint>>(async ct =>
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
        await using var delete = _connection.CreateCommand();
        delete.CommandText = "DELETE FROM samples WHERE at_ms < $before; DELETE FROM events WHERE at_ms < $before AND (kind <> $open OR until_ms < $before); DELETE FROM event_minutes WHERE count <= 0;";
        delete.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        delete.Parameters.AddWithValue("$open", (int)Timeline.TimelineKind.TileState);
        return await delete.ExecuteNonQueryAsync(ct);
    }, cancellationToken);

    /// <summary>Runs one piece of work on the connection, one caller at a time, with SQLite errors explained.</summary>
    private async Task<T> GatedAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await work(cancellationToken);
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

    private Task<int> InTransactionAsync(Func<SqliteTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) => GatedAsync(async ct =>
    {
        await using var tx = (SqliteTransaction)await _connection.BeginTransactionAsync(ct);
        await work(tx, ct);
        await tx.CommitAsync(ct);
        return 0;
    }, cancellationToken);

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
