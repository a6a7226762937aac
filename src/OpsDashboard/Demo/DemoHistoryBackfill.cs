using System.Diagnostics;
using OpsDashboard.History;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Demo;

/// <summary>
/// When the demo starts partway into its script (<see cref="DemoOptions.StartAt"/>), plays the script from its start
/// to now through the real figure sampler and timeline recorder, on a clock of its own, before they start for real:
/// graphs and the timeline then hold the demo's story at once. Only the hours the history does not have yet are
/// played, so a restart never writes a second past over the first. Every row and tile it writes is demo data.
/// </summary>
public sealed partial class DemoHistoryBackfill : IHostedService
{
    private readonly DemoFleet _fleet;
    private readonly HistoryDatabase _database;
    private readonly HistoryHealth _health;
    private readonly ILogger _logger;

    public DemoHistoryBackfill(DemoFleet fleet, HistoryDatabase database, HistoryHealth health, ILogger<DemoHistoryBackfill> logger)
    {
        _fleet = fleet;
        _database = database;
        _health = health;
        _logger = logger;
    }

    /// <summary>How far apart the played moments are: the fastest demo source's interval.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = _fleet.Time.GetUtcNow();
        DateTimeOffset? newest = null;
        if (!await _database.TryWriteAsync(async (db, ct) => { newest = await db.NewestSampleAsync(ct); return 0; }, cancellationToken))
        {
            return;
        }

        var from = newest is { } n && n > _fleet.Epoch ? n + Step : _fleet.Epoch;
        if (now - from < Step)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        var rows = await PlayAsync(from, now, cancellationToken);
        LogBackfilled(_logger, from, now, rows, clock.Elapsed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Plays [from, to) and returns how many timeline rows that wrote.</summary>
    public async Task<long> PlayAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        IDemoScript[] scripts = [.. DashboardPanels.All.Select(panel => panel.CreateDemo(_fleet))];
        var time = new ScriptClock(from);
        var store = new PanelStore(time);
        var samples = new HistoryRecorder(store, _database, time);
        var timeline = new TimelineRecorder(store, _database, _health, new TimelineFeed(), time);
        var written = _health.EventsWritten;
        var lastSample = DateTimeOffset.MinValue;
        for (var t = from; t < to; t += Step)
        {
            time.Now = t;
            foreach (var script in scripts.Where(s => (t - from).Ticks % s.Interval.Ticks < Step.Ticks))
            {
                script.PublishAt(store, t);
            }

            await timeline.RecordOnceAsync(cancellationToken);
            if (t - lastSample >= _database.Options.SampleInterval)
            {
                await samples.RecordOnceAsync(cancellationToken);
                lastSample = t;
            }
        }

        return _health.EventsWritten - written;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo history played from {From} to {To}: {Rows} timeline rows written in {Elapsed}")]
    private static partial void LogBackfilled(ILogger logger, DateTimeOffset from, DateTimeOffset to, long rows, TimeSpan elapsed);

    /// <summary>The played moment, for the store and recorders that run the script.</summary>
    private sealed class ScriptClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
