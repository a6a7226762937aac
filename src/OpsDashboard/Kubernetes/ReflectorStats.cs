namespace OpsDashboard.Kubernetes;

/// <summary>What a reflector has done, for tests, benchmarks and metrics. Thread-safe counters.</summary>
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

    /// <summary>Full lists, the first one included; every one after the first is a relist.</summary>
    public long Lists => Interlocked.Read(ref _lists);

    public long Relists => Math.Max(0, Lists - 1);

    public long Pages => Interlocked.Read(ref _pages);

    public long WatchesOpened => Interlocked.Read(ref _watches);

    public long Gone => Interlocked.Read(ref _gone);

    public long Malformed => Interlocked.Read(ref _malformed);

    public long HungWatches => Interlocked.Read(ref _hung);

    public long Failures => Interlocked.Read(ref _failures);

    public long Events => Interlocked.Read(ref _events);

    internal void List() => Interlocked.Increment(ref _lists);

    internal void Page() => Interlocked.Increment(ref _pages);

    internal void Watch() => Interlocked.Increment(ref _watches);

    internal void GoneSeen() => Interlocked.Increment(ref _gone);

    internal void MalformedSeen() => Interlocked.Increment(ref _malformed);

    internal void Hung() => Interlocked.Increment(ref _hung);

    internal void Failure() => Interlocked.Increment(ref _failures);

    internal void Event() => Interlocked.Increment(ref _events);
}
