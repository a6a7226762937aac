using Npgsql;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.ScaleOut;

/// <summary>
/// On every replica that does not lead: takes the leader's tiles from <c>panel_snapshots</c> into the local store,
/// woken by NOTIFY and, should a notification be lost, every <see cref="Resync"/> anyway. Tiles keep the leader's
/// times, so their age is the age of the data: if the leader goes silent and nobody takes over, they turn stale here
/// exactly as they would on the leader. It also passes the leader's "timeline rows written" (a NOTIFY committed with
/// the rows) on to this replica's open timeline pages.
/// </summary>
public sealed partial class SnapshotFollower(
    PanelStore store, NpgsqlDataSource dataSource, ILeadership leadership, TimelineFeed timelineFeed, SampleFeed sampleFeed, TimeProvider time, ILogger<SnapshotFollower> logger)
    : BackgroundService
{
    /// <summary>The longest a follower goes without reading the table, notification or not.</summary>
    public static readonly TimeSpan Resync = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(2);
    private long _version;
    private long _applied;

    /// <summary>Tiles taken from the leader so far.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await ScaleOutSchema.EnsureAsync(connection, stoppingToken);
                connection.Notification += (_, e) =>
                {
                    if (leadership.IsLeader)
                    {
                        return;
                    }

                    if (e.Channel == History.PostgresHistoryDialect.TimelineChannel)
                    {
                        timelineFeed.Written();
                    }
                    else if (e.Channel == History.PostgresHistoryDialect.SampleChannel)
                    {
                        sampleFeed.Written();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {ScaleOutSchema.SnapshotChannel}; LISTEN {History.PostgresHistoryDialect.TimelineChannel}; LISTEN {History.PostgresHistoryDialect.SampleChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // Everything again after a reconnect: notifications sent while away are gone. Open timelines and graphs re-read too.
                _version = 0;
                if (!leadership.IsLeader)
                {
                    timelineFeed.Written();
                    sampleFeed.Written();
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await ReadNewerAsync(connection, stoppingToken);
                    await connection.WaitAsync(Resync, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                LogFollowFailed(logger, ex.Message);
                await Task.Delay(ReconnectAfter, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task ReadNewerAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand("""
            SELECT panel, grp, target, snapshot_type, snapshot, taken_at_ms, fault_message, fault_since_ms, fault_last_ms, demo, stale_after_ms, publisher, version
            FROM panel_snapshots WHERE version > @version ORDER BY version
            """, connection);
        query.Parameters.AddWithValue("version", _version);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            _version = reader.GetInt64(12);
            // The leader's own sources are the truth on the leader; a predecessor's late write must not overwrite them.
            if (leadership.IsLeader)
            {
                continue;
            }

            var panel = Panels.DashboardPanels.FromCode(reader.GetString(0));

            DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(i));
            var key = new PanelKey(panel, reader.GetString(1), reader.GetString(2));
            PanelSnapshot? snapshot = null;
            try
            {
                snapshot = reader.IsDBNull(3) ? null : SnapshotCodec.Decode(reader.GetString(3), reader.GetString(4));
            }
            catch (Exception ex) when (ex is NotSupportedException or System.Text.Json.JsonException)
            {
                LogUnreadable(logger, key.ToString(), ex.Message);
                continue;
            }

            var fault = reader.IsDBNull(6) ? null : new SourceFault(reader.GetString(6), At(7)!.Value, At(8)!.Value);
            store.Replicate(new TileEntry(key, snapshot, At(5), fault, reader.GetBoolean(9), TimeSpan.FromMilliseconds(reader.GetInt64(10))));
            Interlocked.Increment(ref _applied);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot follow the leader's tiles: {Reason}; reconnecting")]
    private static partial void LogFollowFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tile {Tile} from the leader cannot be read here: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string tile, string reason);
}
