using System.Data.Common;
using Npgsql;

namespace OpsDashboard.History;

/// <summary>
/// History in PostgreSQL, shared by every replica when the dashboard is scaled out. The per-minute counts are kept by
/// one trigger for insert, update (a row written again) and delete (prune), as SQLite's REPLACE and delete triggers do.
/// </summary>
public sealed class PostgresHistoryDialect : HistoryDialect
{
    public static readonly PostgresHistoryDialect Instance = new();

    /// <summary>Replicas starting together create the schema one at a time (CREATE … IF NOT EXISTS is not safe concurrently).</summary>
    private const long SchemaLock = 0x4F70_7344_6173_6801;

    private const string IndexesAndTriggers = """
        CREATE INDEX IF NOT EXISTS samples_by_time ON samples (at_ms);
        CREATE INDEX IF NOT EXISTS events_by_time_and_filters ON events (at_ms, severity, panel, grp, namespace);
        CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, at_ms);
        CREATE INDEX IF NOT EXISTS events_by_object ON events (object, at_ms);
        CREATE INDEX IF NOT EXISTS events_by_owner ON events (owner, at_ms);
        CREATE TABLE IF NOT EXISTS event_minutes (
            minute bigint NOT NULL,
            severity integer NOT NULL,
            panel text NOT NULL,
            grp text NOT NULL,
            namespace text NOT NULL,
            count integer NOT NULL,
            PRIMARY KEY (minute, severity, panel, grp, namespace)
        );
        CREATE OR REPLACE FUNCTION event_minutes_track() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP IN ('UPDATE', 'DELETE') THEN
                UPDATE event_minutes SET count = count - 1
                WHERE minute = OLD.at_ms / 60000 AND severity = OLD.severity AND panel = OLD.panel AND grp = OLD.grp AND namespace = COALESCE(OLD.namespace, '');
            END IF;
            IF TG_OP IN ('INSERT', 'UPDATE') THEN
                INSERT INTO event_minutes VALUES (NEW.at_ms / 60000, NEW.severity, NEW.panel, NEW.grp, COALESCE(NEW.namespace, ''), 1)
                ON CONFLICT (minute, severity, panel, grp, namespace) DO UPDATE SET count = event_minutes.count + 1;
            END IF;
            RETURN NULL;
        END
        $$;
        CREATE OR REPLACE TRIGGER event_minutes_track AFTER INSERT OR UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION event_minutes_track();
        """;

    private PostgresHistoryDialect()
    {
    }

    /// <summary>Replicas that do not write the timeline hear of new rows when they are committed, to re-read open timelines.</summary>
    public const string TimelineChannel = "opsdashboard_timeline";

    public override string AfterEventsWritten => $"NOTIFY {TimelineChannel}";

    /// <summary>Replicas that do not sample figures hear of new samples when they are committed, to re-read open graphs.</summary>
    public const string SampleChannel = "opsdashboard_samples";

    public override string AfterSamplesWritten => $"NOTIFY {SampleChannel}";

    public override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({SchemaLock})", cancellationToken, tx);
        await ExecuteAsync(connection, CreateTable(SampleTable.Table), cancellationToken, tx);
        await ExecuteAsync(connection, CreateTable(EventTable.Table), cancellationToken, tx);
        await AddMissingColumnsAsync(connection, EventTable.Table, cancellationToken, tx);
        await AddMissingColumnsAsync(connection, SampleTable.Table, cancellationToken, tx);
        await ExecuteAsync(connection, CreateTable(SentAlertTable.Table), cancellationToken, tx);
        await ExecuteAsync(connection, CreateTable(SilenceTable.Table), cancellationToken, tx);
        await ExecuteAsync(connection, CreateTable(ReportChoicesTable.Table), cancellationToken, tx);
        await ExecuteAsync(connection, CreateTable(SlotCountTable.Table), cancellationToken, tx);
        await ExecuteAsync(connection, IndexesAndTriggers, cancellationToken, tx);
        await tx.CommitAsync(cancellationToken);
    }

    protected override string TypeOf(ColumnType type) => type switch
    {
        ColumnType.Text => "text",
        ColumnType.Real => "double precision",
        ColumnType.BigInt => "bigint",
        _ => "integer",
    };

    protected override string Upsert<TRow>(HistoryTable<TRow> table) =>
        $"INSERT INTO {table.Name} ({table.ColumnList}) VALUES ({table.ParameterList}) ON CONFLICT ({string.Join(", ", table.Key)}) DO UPDATE SET "
        + string.Join(", ", table.Columns.Where(c => !table.Key.Contains(c.Name)).Select(c => $"{c.Name} = EXCLUDED.{c.Name}"));

    protected override async Task<IReadOnlySet<string>> ColumnsOfAsync(DbConnection connection, string table, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table";
        command.Add("@table", table);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    public override HistoryUnavailableException? Explain(string location, Exception error) => error switch
    {
        PostgresException { SqlState: "28P01" or "28000" } ex => new HistoryUnavailableException(
            $"History database {location} refused the login ({ex.MessageText}). Check the user and password in {ScaleOut.ScaleOutOptions.ConnectionStringKey}; live panels keep working meanwhile.", ex),
        PostgresException { SqlState: "3D000" } ex => new HistoryUnavailableException(
            $"History database {location} does not exist ({ex.MessageText}). Create it (CREATE DATABASE) or fix the Database in {ScaleOut.ScaleOutOptions.ConnectionStringKey}.", ex),
        PostgresException ex => new HistoryUnavailableException($"History database {location}: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex),
        NpgsqlException ex => new HistoryUnavailableException(
            $"History database {location} cannot be reached ({ex.Message}). Check that PostgreSQL is up and {ScaleOut.ScaleOutOptions.ConnectionStringKey}; live panels keep working meanwhile.", ex),
        _ => null,
    };

    /// <summary>"PostgreSQL database opsdashboard on db.internal:5432": where, never who or with which password.</summary>
    public static string Describe(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var builder = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
        return $"PostgreSQL database {builder.Database ?? builder.Username ?? "(default)"} on {builder.Host}:{builder.Port}";
    }
}
