using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace OpsDashboard.History;

/// <summary>The embedded SQLite file, one per replica: the default.</summary>
public sealed class SqliteHistoryDialect : HistoryDialect
{
    public static readonly SqliteHistoryDialect Instance = new();

    private const string IndexesAndTriggers = """
        CREATE INDEX IF NOT EXISTS samples_by_time ON samples (at_ms);
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

    private SqliteHistoryDialect()
    {
    }

    public override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        // Recursive triggers: a row written again (REPLACE) leaves the per-minute counts by the delete trigger first.
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA recursive_triggers = ON;", cancellationToken);
        await ExecuteAsync(connection, CreateTable(SampleTable.Table, " WITHOUT ROWID"), cancellationToken);
        await ExecuteAsync(connection, CreateTable(EventTable.Table), cancellationToken);
        await AddMissingColumnsAsync(connection, EventTable.Table, cancellationToken);
        await AddMissingColumnsAsync(connection, SampleTable.Table, cancellationToken);
        await ExecuteAsync(connection, CreateTable(SentAlertTable.Table, " WITHOUT ROWID"), cancellationToken);
        await ExecuteAsync(connection, CreateTable(SilenceTable.Table, " WITHOUT ROWID"), cancellationToken);
        await ExecuteAsync(connection, CreateTable(ReportChoicesTable.Table, " WITHOUT ROWID"), cancellationToken);
        await ExecuteAsync(connection, CreateTable(SlotCountTable.Table, " WITHOUT ROWID"), cancellationToken);
        await ExecuteAsync(connection, IndexesAndTriggers, cancellationToken);
    }

    protected override string TypeOf(ColumnType type) => type switch
    {
        ColumnType.Text => "TEXT",
        ColumnType.Real => "REAL",
        _ => "INTEGER",
    };

    // REPLACE deletes, then inserts: with recursive triggers the per-minute counts see both.
    protected override string Upsert<TRow>(HistoryTable<TRow> table) => $"INSERT OR REPLACE INTO {table.Name} ({table.ColumnList}) VALUES ({table.ParameterList})";

    protected override async Task<IReadOnlySet<string>> ColumnsOfAsync(DbConnection connection, string table, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    public override HistoryUnavailableException? Explain(string location, Exception error) => error is not SqliteException ex ? null : ex.SqliteErrorCode switch
    {
        26 or 11 => new HistoryUnavailableException(
            $"History database {location} is not a valid SQLite database or is corrupt ({ex.Message}). Move the file aside or delete it to start a new history; live panels keep working meanwhile.", ex),
        5 or 6 => new HistoryUnavailableException(
            $"History database {location} is locked by another process ({ex.Message}). Stop the other process or point Dashboard:History:Path at another file; live panels keep working meanwhile.", ex),
        8 or 14 or 23 => new HistoryUnavailableException(
            $"History database {location} cannot be opened for writing ({ex.Message}). Check the file's permissions or set Dashboard:History:Path to a writable location.", ex),
        _ => new HistoryUnavailableException($"History database {location}: {ex.Message}", ex),
    };
}
