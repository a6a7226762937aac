using Microsoft.Extensions.Options;
using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>
/// Samples every tile's headline figures into the history store. It reads the store's immutable view on its own
/// schedule, so a slow or broken database never holds up a source or a page; while the database is unavailable,
/// samples wait in memory (bounded) and the failure is shown, and it retries on every round.
/// </summary>
public sealed partial class HistoryRecorder : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly PanelStore _store;
    private readonly HistoryHealth _health;
    private readonly TimeProvider _time;
    private readonly HistoryOptions _options;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Dictionary<PanelKey, DateTimeOffset> _recorded = [];
    private readonly List<HistorySample> _pending = [];
    private HistoryStore? _db;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public HistoryRecorder(PanelStore store, HistoryHealth health, TimeProvider time, IOptions<HistoryOptions> options, IHostEnvironment environment, ILogger<HistoryRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _store = store;
        _health = health;
        _time = time;
        _options = options.Value;
        _path = System.IO.Path.Combine(environment.ContentRootPath, _options.Path);
        _logger = logger;
    }

    /// <summary>The open database, for readers (graphs); null while it is unavailable.</summary>
    public HistoryStore? Database => _db;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
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
        finally
        {
            if (_db is not null)
            {
                await _db.DisposeAsync();
            }
        }
    }

    /// <summary>One round: take new samples from the store, then try to write everything pending.</summary>
    public async Task RecordOnceAsync(CancellationToken cancellationToken)
    {
        Collect(_store.Current);
        try
        {
            _db ??= await HistoryStore.OpenAsync(_path, cancellationToken);
            if (_pending.Count > 0)
            {
                await _db.AppendAsync(_pending, cancellationToken);
                _health.Succeeded(_pending.Count);
                _pending.Clear();
            }
            else
            {
                _health.Succeeded(0);
            }

            var now = _time.GetUtcNow();
            if (now - _lastPrune >= PruneEvery)
            {
                await _db.PruneAsync(now - _options.Retention, cancellationToken);
                _lastPrune = now;
            }
        }
        catch (HistoryUnavailableException ex)
        {
            if (_health.Problem?.Message != ex.Message)
            {
                LogHistoryUnavailable(_logger, ex.Message);
            }

            _health.Failed(ex.Message, _time.GetUtcNow());
            if (_db is not null)
            {
                await _db.DisposeAsync();
                _db = null;
            }
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
                _pending.Add(new HistorySample(entry.Key, figure.Name, takenAt, figure.Value));
            }
        }

        var overflow = _pending.Count - _options.MaxPendingSamples;
        if (overflow > 0)
        {
            _pending.RemoveRange(0, overflow);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "History is not being recorded: {Reason}")]
    private static partial void LogHistoryUnavailable(ILogger logger, string reason);
}
