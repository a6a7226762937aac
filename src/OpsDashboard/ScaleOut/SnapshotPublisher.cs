using Npgsql;
using NpgsqlTypes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.ScaleOut;

/// <summary>
/// On the leader: writes each changed tile of a polled source (snapshot, when it was taken, its fault) to
/// <c>panel_snapshots</c> and wakes the followers with NOTIFY. Off the pipeline: a slow database never holds up a
/// source; tiles that could not be written are written with the next batch.
/// </summary>
public sealed partial class SnapshotPublisher(SnapshotOutbox outbox, PanelStore store, NpgsqlDataSource dataSource, ILeadership leadership, TimeProvider time, ILogger<SnapshotPublisher> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(2);

    /// <summary>Tiles written so far, for tests and /metrics.</summary>
    public long Published => Interlocked.Read(ref _published);

    private long _published;
    private bool _schemaReady;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = new HashSet<PanelKey>();
        try
        {
            while (await outbox.Reader.WaitToReadAsync(stoppingToken))
            {
                while (outbox.Reader.TryRead(out var key))
                {
                    pending.Add(key);
                }

                try
                {
                    await PublishAsync(pending, stoppingToken);
                    Interlocked.Add(ref _published, pending.Count);
                    pending.Clear();
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    LogPublishFailed(logger, pending.Count, ex.Message);
                    await Task.Delay(RetryAfter, time, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(IEnumerable<PanelKey> keys, CancellationToken cancellationToken)
    {
        var view = store.Current;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (!_schemaReady)
        {
            await ScaleOutSchema.EnsureAsync(connection, cancellationToken);
            _schemaReady = true;
        }

        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using var upsert = new NpgsqlCommand("""
            INSERT INTO panel_snapshots (panel, grp, target, snapshot_type, snapshot, taken_at_ms, fault_message, fault_since_ms, fault_last_ms, demo, stale_after_ms, publisher, version)
            VALUES (@panel, @grp, @target, @type, @snapshot, @taken, @fault, @since, @last, @demo, @stale, @publisher, nextval('panel_snapshot_versions'))
            ON CONFLICT (panel, grp, target) DO UPDATE SET snapshot_type = EXCLUDED.snapshot_type, snapshot = EXCLUDED.snapshot, taken_at_ms = EXCLUDED.taken_at_ms,
                fault_message = EXCLUDED.fault_message, fault_since_ms = EXCLUDED.fault_since_ms, fault_last_ms = EXCLUDED.fault_last_ms, demo = EXCLUDED.demo,
                stale_after_ms = EXCLUDED.stale_after_ms, publisher = EXCLUDED.publisher, version = EXCLUDED.version
            """, connection, tx);
        var p = (string name, NpgsqlDbType type) => upsert.Parameters.Add(new NpgsqlParameter(name, type));
        var (panel, grp, target, type, snapshot, taken) = (p("panel", NpgsqlDbType.Text), p("grp", NpgsqlDbType.Text), p("target", NpgsqlDbType.Text), p("type", NpgsqlDbType.Text), p("snapshot", NpgsqlDbType.Text), p("taken", NpgsqlDbType.Bigint));
        var (fault, since, last, demo, stale, publisher) = (p("fault", NpgsqlDbType.Text), p("since", NpgsqlDbType.Bigint), p("last", NpgsqlDbType.Bigint), p("demo", NpgsqlDbType.Boolean), p("stale", NpgsqlDbType.Bigint), p("publisher", NpgsqlDbType.Text));
        foreach (var key in keys)
        {
            if (view[key] is not { } entry)
            {
                continue;
            }

            var encoded = entry.Snapshot is { } s ? SnapshotCodec.Encode(s) : default;
            (panel.Value, grp.Value, target.Value) = (key.Panel.Code, key.Group, key.Target);
            (type.Value, snapshot.Value) = (encoded.Type ?? (object)DBNull.Value, encoded.Json ?? (object)DBNull.Value);
            taken.Value = entry.TakenAt?.ToUnixTimeMilliseconds() ?? (object)DBNull.Value;
            fault.Value = entry.Fault?.Message ?? (object)DBNull.Value;
            since.Value = entry.Fault?.Since.ToUnixTimeMilliseconds() ?? (object)DBNull.Value;
            last.Value = entry.Fault?.LastSeen.ToUnixTimeMilliseconds() ?? (object)DBNull.Value;
            (demo.Value, stale.Value, publisher.Value) = (entry.IsDemo, (long)entry.StaleAfter.TotalMilliseconds, leadership.Identity);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var notify = new NpgsqlCommand($"NOTIFY {ScaleOutSchema.SnapshotChannel}", connection, tx))
        {
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand {Tiles} tiles to the other replicas: {Reason}; retrying")]
    private static partial void LogPublishFailed(ILogger logger, int tiles, string reason);
}
