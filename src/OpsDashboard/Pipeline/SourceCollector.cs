using System.Collections.Concurrent;

namespace OpsDashboard.Pipeline;

/// <summary>
/// Runs one source for the life of the app and feeds the store. If the source's run throws, its tiles are marked
/// failing (their data stays) and the source is restarted with capped exponential backoff.
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

    public SourceCollector(IPanelSource<TSnapshot> source, PanelStore store, TimeProvider time, ILogger<SourceCollector<TSnapshot>> logger)
    {
        _source = source;
        _store = store;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sink = new StoreSink(_store, _source.Info);
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
                sink.FailAll($"{_source.Info.Name} stopped: {ex.Message}");
            }

            await Task.Delay(retry, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} crashed; restarting in {Retry}")]
    private static partial void LogSourceCrashed(ILogger logger, Exception exception, string source, TimeSpan retry);

    private sealed class StoreSink(PanelStore store, SourceInfo info) : IReadingSink<TSnapshot>
    {
        private readonly ConcurrentDictionary<PanelKey, byte> _targets = new();

        public void Publish(string group, string target, TSnapshot snapshot, DateTimeOffset takenAt)
        {
            var key = Key(group, target);
            store.Publish(key, snapshot, takenAt, info.IsDemo, info.StaleAfter);
        }

        public void Fail(string group, string target, string message)
        {
            store.ReportFault(Key(group, target), message, info.IsDemo, info.StaleAfter);
        }

        public void FailAll(string message)
        {
            foreach (var key in _targets.Keys)
            {
                store.ReportFault(key, message, info.IsDemo, info.StaleAfter);
            }
        }

        private PanelKey Key(string group, string target)
        {
            var key = new PanelKey(info.Panel, group, target);
            _targets.TryAdd(key, 0);
            return key;
        }
    }
}
