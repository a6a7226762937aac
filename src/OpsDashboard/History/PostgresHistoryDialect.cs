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

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS samples (
            panel text NOT NULL,
            grp text NOT NULL,
            target text NOT NULL,
            figure text NOT NULL,
            at_ms bigint NOT NULL,
            value double precision NOT NULL,
            PRIMARY KEY (panel, grp, target, figure, at_ms)
        );
        CREATE INDEX IF NOT EXISTS samples_by_time ON samples (at_ms);
        CREATE TABLE IF NOT EXISTS events (
            id bigint PRIMARY KEY,
            at_ms bigint NOT NULL,
            until_ms bigint,
            kind integer NOT NULL,
            severity integer NOT NULL,
            panel text NOT NULL,
            grp text NOT NULL,
            target text NOT NULL,
            namespace text,
            object text,
            owner text,
            reason text NOT NULL,
            message text NOT NULL,
            count integer NOT NULL,
            demo integer NOT NULL,
            source text,
            total integer
        );
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

    public override string UpsertSample =>
        "INSERT INTO samples (panel, grp, target, figure, at_ms, value) VALUES (@p, @g, @t, @f, @at, @v) ON CONFLICT (panel, grp, target, figure, at_ms) DO UPDATE SET value = EXCLUDED.value";

    public override string UpsertEvent =>
        $"INSERT INTO events ({HistoryStore.EventColumns}) VALUES ({HistoryStore.EventParameterList}) ON CONFLICT (id) DO UPDATE SET "
        + string.Join(", ", HistoryStore.EventColumns.Split(", ").Skip(1).Select(c => $"{c} = EXCLUDED.{c}"));

    /// <summary>Replicas that do not write the timeline hear of new rows when they are committed, to re-read open timelines.</summary>
    public const string TimelineChannel = "opsdashboard_timeline";

    public override string AfterEventsWritten => $"NOTIFY {TimelineChannel}";

    public override async Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({SchemaLock})", cancellationToken, tx);
        await ExecuteAsync(connection, Schema, cancellationToken, tx);
        await tx.CommitAsync(cancellationToken);
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
