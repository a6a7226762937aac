using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Timeline;

namespace OpsDashboard.History;

/// <summary>
/// Samples every tile's headline figures into the history store. It reads the store's immutable view on its own
/// schedule, so a slow or broken database never holds up a source or a page; while the database is unavailable,
/// samples wait in memory (bounded) and the failure is shown, and it retries on every round.
/// </summary>
public sealed class HistoryRecorder : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly PanelStore _store;
    private readonly HistoryDatabase _database;
    private readonly TimeProvider _time;
    private readonly HistoryOptions _options;
    private readonly Dictionary<PanelKey, DateTimeOffset> _recorded = [];
    private readonly List<HistorySample> _pending = [];
    private readonly SampleFeed? _written;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public HistoryRecorder(PanelStore store, HistoryDatabase database, TimeProvider time, ILeadership? leadership = null, SampleFeed? written = null)
    {
        _written = written;
        Leadership = leadership ?? new SingleReplica();
        ArgumentNullException.ThrowIfNull(database);
        _store = store;
        _database = database;
        _time = time;
        _options = database.Options;
    }

    /// <summary>The open database, for tests; null while it is unavailable.</summary>
    public HistoryStore? Database => _database.Writer;

    /// <summary>Scaled out, only the leader writes history: the replicas share one database and would write everything N times.</summary>
    public ILeadership Leadership { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Leadership.RunWhileLeadingAsync(RecordAsync, stoppingToken);

    private async Task RecordAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SampleInterval, _time);
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

    /// <summary>One round: take new samples from the store, then try to write everything pending.</summary>
    public async Task RecordOnceAsync(CancellationToken cancellationToken)
    {
        Collect(_store.Current);
        var now = _time.GetUtcNow();
        var prune = now - _lastPrune >= PruneEvery;
        var count = _pending.Count;
        var written = await _database.TryWriteAsync(async (db, ct) =>
        {
            if (count > 0)
            {
                await db.AppendAsync(_pending, ct);
                _pending.Clear();
            }

            if (prune)
            {
                await db.PruneAsync(now - _options.Retention, ct);
            }

            return count;
        }, cancellationToken);
        if (written && prune)
        {
            _lastPrune = now;
        }

        if (written && count > 0)
        {
            _written?.Written();
        }
    }

    private void Collect(StoreView view)
    {
        foreach (var entry in view.Tiles.Values)
        {
            if (entry is not { Snapshot: { } snapshot, TakenAt: { } takenAt })
            {
                continue;
            }

            // A tile whose data has not changed since the last round adds nothing: stale data is never recorded as new.
            if (_recorded.TryGetValue(entry.Key, out var last) && last >= takenAt)
            {
                continue;
            }

            _recorded[entry.Key] = takenAt;
            foreach (var figure in snapshot.Figures)
            {
                _pending.Add(new HistorySample(entry.Key, figure.Name, takenAt, figure.Value, entry.IsDemo));
            }
        }

        var overflow = _pending.Count - _options.MaxPendingSamples;
        if (overflow > 0)
        {
            _pending.RemoveRange(0, overflow);
        }
    }
}
