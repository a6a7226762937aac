using Npgsql;

namespace OpsDashboard.ScaleOut;

/// <summary>The tables scale-out keeps beside the history: the leader's tiles for the followers, and Data Protection keys.</summary>
public static class ScaleOutSchema
{
    public const string SnapshotChannel = "opsdashboard_snapshots";

    private const long SchemaLock = 0x4F70_7344_6173_6802;

    private const string Sql = """
        CREATE SEQUENCE IF NOT EXISTS panel_snapshot_versions;
        CREATE TABLE IF NOT EXISTS panel_snapshots (
            panel text NOT NULL,
            grp text NOT NULL,
            target text NOT NULL,
            snapshot_type text,
            snapshot text,
            taken_at_ms bigint,
            fault_message text,
            fault_since_ms bigint,
            fault_last_ms bigint,
            demo boolean NOT NULL,
            stale_after_ms bigint NOT NULL,
            publisher text NOT NULL,
            version bigint NOT NULL,
            PRIMARY KEY (panel, grp, target)
        );
        CREATE INDEX IF NOT EXISTS panel_snapshots_by_version ON panel_snapshots (version);
        CREATE TABLE IF NOT EXISTS data_protection_keys (
            friendly_name text PRIMARY KEY,
            xml text NOT NULL
        );
        """;

    /// <summary>Creates what is missing, one replica at a time.</summary>
    public static async Task EnsureAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLock})", connection, tx))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(Sql, connection, tx))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    public static void Ensure(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        using var connection = dataSource.OpenConnection();
        EnsureAsync(connection, CancellationToken.None).GetAwaiter().GetResult();
    }
}
