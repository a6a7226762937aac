using Npgsql;
using OpsDashboard.Timeline;

namespace OpsDashboard.ScaleOut;

/// <summary>
/// Scaled out, only the leader writes the timeline, but every replica has open timeline pages that re-read when rows
/// are written. On the leader this sends a NOTIFY for each batch its recorder wrote; <see cref="SnapshotFollower"/>
/// turns those into the followers' own <see cref="TimelineFeed"/> pulses.
/// </summary>
public sealed partial class TimelineRelay(TimelineFeed feed, NpgsqlDataSource dataSource, ILeadership leadership, ILogger<TimelineRelay> logger) : BackgroundService
{
    public const string Channel = "opsdashboard_timeline";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var version = feed.Version;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await feed.WaitAsync(version, stoppingToken);
                version = feed.Version;
                if (leadership.IsLeader)
                {
                    await using var notify = dataSource.CreateCommand($"NOTIFY {Channel}");
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException ex)
            {
                // Followers' open timelines re-read at the next batch that gets through.
                LogRelayFailed(logger, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell the other replicas that timeline rows were written: {Reason}")]
    private static partial void LogRelayFailed(ILogger logger, string reason);
}
