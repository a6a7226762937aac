using System.Collections.Concurrent;
using OpsDashboard.ScaleOut;

namespace OpsDashboard.Pipeline;

/// <summary>
/// Runs one source for the life of the app and feeds the store. If the source's run throws, its tiles are marked
/// failing (their data stays) and the source is restarted with capped exponential backoff. Whatever escapes a source
/// shows: before any of its targets has reported, a tile standing for the source itself carries the error (never an
/// absent tile behind "waiting for the first data"), and it gives way to the real tiles once they report. A polled source runs only
/// while this replica leads (<see cref="ILeadership"/>), and what it reads is handed to the outbox for the followers.
/// </summary>
public sealed partial class SourceCollector<TSnapshot> : BackgroundService
    where TSnapshot : PanelSnapshot
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);

    private readonly IPanelSource<TSnapshot> _source;
    private readonly PanelStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILeadership _leadership;
    private readonly ISnapshotOutbox? _outbox;

    public SourceCollector(
        IPanelSource<TSnapshot> source, PanelStore store, TimeProvider time, ILogger<SourceCollector<TSnapshot>> logger, ILeadership? leadership = null, ISnapshotOutbox? outbox = null)
    {
        _source = source;
        _store = store;
        _time = time;
        _logger = logger;
        _leadership = leadership ?? new SingleReplica();
        _outbox = outbox;
    }

    /// <summary>Polled sources cost their upstream per run: scaled out, only the leader runs them. Watches run on every replica.</summary>
    public bool LeaderOnly => _source is PolledSource<TSnapshot>;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => LeaderOnly
        ? _leadership.RunWhileLeadingAsync(token => CollectAsync(new StoreSink(_store, _source.Info, _outbox, _logger), token), stoppingToken)
        : CollectAsync(new StoreSink(_store, _source.Info, null, _logger), stoppingToken);

    private async Task CollectAsync(StoreSink sink, CancellationToken stoppingToken)
    {
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _source.RunAsync(sink, stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogSourceCrashed(_logger, ex, _source.Info.Name, retry);
                sink.FailAll($"{_source.Info.Name} stopped: {SourceFailure.Reason(ex)}");
            }

            await Task.Delay(retry, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} crashed; restarting in {Retry}")]
    private static partial void LogSourceCrashed(ILogger logger, Exception exception, string source, TimeSpan retry);

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} failed a round: {Reason}")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception, string source, string reason);

    private sealed class StoreSink(PanelStore store, SourceInfo info, ISnapshotOutbox? outbox, ILogger logger) : IReadingSink<TSnapshot>
    {
        private readonly ConcurrentDictionary<PanelKey, byte> _targets = new();
        private readonly PanelKey _standIn = new(info.Panel, info.Name, info.Name);
        private string? _lastLogged;
        private int _standInShown;

        public void Publish(string group, string target, TSnapshot snapshot, DateTimeOffset takenAt)
        {
            var key = Key(group, target);
            store.Publish(key, snapshot, takenAt, info.IsDemo, info.StaleAfter);
            outbox?.Changed(key);
            Volatile.Write(ref _lastLogged, null);
        }

        public void Fail(string group, string target, string message)
        {
            var key = Key(group, target);
            store.ReportFault(key, message, info.IsDemo, info.StaleAfter);
            outbox?.Changed(key);
        }

        public void FailAll(string message)
        {
            var keys = _targets.Keys.ToList();
            if (keys.Count == 0)
            {
                Volatile.Write(ref _standInShown, 1);
                keys.Add(_standIn);
            }

            foreach (var key in keys)
            {
                store.ReportFault(key, message, info.IsDemo, info.StaleAfter);
                outbox?.Changed(key);
            }
        }

        public void Crashed(Exception exception)
        {
            var reason = SourceFailure.Reason(exception);
            // One log line with the stack trace per run of the same failure, not one per poll.
            if (Interlocked.Exchange(ref _lastLogged, reason) != reason)
            {
                LogRoundFailed(logger, exception, info.Name, reason);
            }

            FailAll(reason);
        }

        private PanelKey Key(string group, string target)
        {
            var key = new PanelKey(info.Panel, group, target);
            _targets.TryAdd(key, 0);
            if (key != _standIn && Interlocked.Exchange(ref _standInShown, 0) == 1)
            {
                store.Remove(_standIn);
                outbox?.Changed(_standIn);
            }

            return key;
        }
    }
}
