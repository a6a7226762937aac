using OpsDashboard.History;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;

namespace OpsDashboard.Timeline;

/// <summary>
/// Watches the store once a second, off the pipeline like the figure sampler, and writes what changed to the timeline
/// in the history database. Rows wait in memory while the database is unavailable (bounded: the oldest go first, and
/// are counted), and a row found again before it was written is written once, in its latest form.
/// </summary>
public sealed class TimelineRecorder : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly PanelStore _store;
    private readonly HistoryDatabase _database;
    private readonly HistoryHealth _health;
    private readonly TimelineFeed _feed;
    private readonly TimeProvider _time;
    private readonly TimelineDetector _detector = new();
    private readonly Dictionary<long, TimelineEvent> _pending = [];
    private bool _started;

    public TimelineRecorder(PanelStore store, HistoryDatabase database, HistoryHealth health, TimelineFeed feed, TimeProvider time, ILeadership? leadership = null)
    {
        Leadership = leadership ?? new SingleReplica();
        _store = store;
        _database = database;
        _health = health;
        _feed = feed;
        _time = time;
    }

    public int Pending => _pending.Count;

    /// <summary>Scaled out, only the leader writes history: the replicas share one database and would write everything N times.</summary>
    public ILeadership Leadership { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Leadership.RunWhileLeadingAsync(RecordAsync, stoppingToken);

    private async Task RecordAsync(CancellationToken stoppingToken)
    {
        // Each term continues from what the database holds: another replica may have led in between.
        _started = false;
        using var timer = new PeriodicTimer(Tick, _time);
        try
        {
            do
            {
                await RecordOnceAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round: look at the store, then try to write everything pending.</summary>
    public async Task RecordOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (!_started)
        {
            // Continue what was open before a restart; if the file cannot be read now, start afresh rather than wait.
            _started = true;
            await _database.TryWriteAsync(async (db, ct) =>
            {
                _detector.Seed(await db.OpenRowsAsync(TimelineKind.TileState, now, ct));
                foreach (var (changes, continuation) in _detector.Continuations)
                {
                    changes.Continue(await db.OpenRowsAsync(continuation.Kind, now - continuation.Back, ct));
                }

                return 0;
            }, cancellationToken);
        }

        foreach (var row in _detector.Observe(_store.Current, now))
        {
            _pending[row.Id] = row;
        }

        var dropped = 0;
        var overflow = _pending.Count - _database.Options.MaxPendingEvents;
        if (overflow > 0)
        {
            foreach (var id in _pending.Values.OrderBy(r => r.At).Take(overflow).Select(r => r.Id).ToList())
            {
                _pending.Remove(id);
            }

            dropped = overflow;
        }

        var batch = _pending.Values.ToList();
        if (batch.Count == 0 || !await _database.TryWriteAsync(async (db, ct) => { await db.UpsertEventsAsync(batch, ct); return 0; }, cancellationToken))
        {
            _health.EventsRecorded(0, dropped);
            return;
        }

        _pending.Clear();
        _health.EventsRecorded(batch.Count, dropped);
        _feed.Written();
    }
}
