namespace OpsDashboard.Kubernetes;

/// <summary>What a reflector has done, for tests, benchmarks and /metrics. Thread-safe counters.</summary>
public sealed class ReflectorStats
{
    private long _lists;
    private long _pages;
    private long _watches;
    private long _gone;
    private long _malformed;
    private long _hung;
    private long _failures;
    private long _events;
    private long _lastEventTicks;
    private long _retries;
    private long _lastDelayTicks;
    private TaskCompletionSource? _changed;

    /// <summary>Full lists, the first one included; every one after the first is a relist.</summary>
    public long Lists => Interlocked.Read(ref _lists);

    public long Relists => Math.Max(0, Lists - 1);

    public long Pages => Interlocked.Read(ref _pages);

    public long WatchesOpened => Interlocked.Read(ref _watches);

    /// <summary>Watches opened after the first: after a clean end, a cut, a 410, a silence or a failure.</summary>
    public long WatchRestarts => Math.Max(0, WatchesOpened - 1);

    /// <summary>410 Gone answers (watch ERROR events, watch or continue requests refused with 410).</summary>
    public long Gone => Interlocked.Read(ref _gone);

    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Watches reopened because they had gone silent: the idle timeout, or the API server found silent.</summary>
    public long HungWatches => Interlocked.Read(ref _hung);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Watch events, bookmarks included.</summary>
    public long Events => Interlocked.Read(ref _events);

    /// <summary>When the last watch event or bookmark came; null before the first.</summary>
    public DateTimeOffset? LastEventAt => Interlocked.Read(ref _lastEventTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Pauses before a retry (after a failure, a 410 or a silent watch); a watch that ended after a working stream is reopened without one.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>The delay of the last pause.</summary>
    public TimeSpan LastDelay => TimeSpan.FromTicks(Interlocked.Read(ref _lastDelayTicks));

    /// <summary>Completes once <paramref name="condition"/> holds; re-checked whenever a figure changes.</summary>
    public async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        while (true)
        {
            var changed = Volatile.Read(ref _changed);
            if (changed is null)
            {
                Interlocked.CompareExchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), null);
                continue;
            }

            if (condition())
            {
                return;
            }

            await changed.Task.WaitAsync(cancellationToken);
        }
    }

    internal void List() => Bump(ref _lists);

    internal void Page() => Bump(ref _pages);

    internal void Watch() => Bump(ref _watches);

    internal void GoneSeen() => Bump(ref _gone);

    internal void MalformedSeen() => Bump(ref _malformed);

    internal void Hung() => Bump(ref _hung);

    internal void Failure() => Bump(ref _failures);

    internal void Event(DateTimeOffset at)
    {
        Interlocked.Exchange(ref _lastEventTicks, at.UtcTicks);
        Bump(ref _events);
    }

    internal void Retrying(TimeSpan delay)
    {
        Interlocked.Exchange(ref _lastDelayTicks, delay.Ticks);
        Bump(ref _retries);
    }

    // Signals only when someone waits: the event path stays one increment.
    private void Bump(ref long counter)
    {
        Interlocked.Increment(ref counter);
        if (Volatile.Read(ref _changed) is not null)
        {
            Interlocked.Exchange(ref _changed, null)?.TrySetResult();
        }
    }
}
