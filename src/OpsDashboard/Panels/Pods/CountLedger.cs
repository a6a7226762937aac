namespace OpsDashboard.Panels.Pods;

/// <summary>
/// Turns ever-growing counters (a pod's restart count, an event's count) into "how many in the last N minutes", by
/// remembering when each increase was seen. Counters that never move cost one dictionary entry. Not thread-safe: the
/// cluster state calls it under its own lock.
/// </summary>
public sealed class CountLedger<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, (int Count, List<(DateTimeOffset At, int Delta)>? Increases)> _counters = [];
    private readonly TimeSpan _keep;

    public CountLedger(TimeSpan keep)
    {
        _keep = keep;
    }

    /// <summary>
    /// Records the counter's current value. The first sighting counts as <paramref name="initialIncrease"/> (the caller
    /// knows whether the value so far happened inside the window, e.g. a pod created minutes ago).
    /// </summary>
    public void Observe(TKey key, int count, DateTimeOffset at, int initialIncrease)
    {
        if (!_counters.TryGetValue(key, out var entry))
        {
            _counters[key] = (count, initialIncrease > 0 ? [(at, initialIncrease)] : null);
            return;
        }

        var increases = entry.Increases;
        if (count > entry.Count)
        {
            increases ??= [];
            increases.Add((at, count - entry.Count));
        }

        increases?.RemoveAll(i => at - i.At > _keep);
        _counters[key] = (count, increases is { Count: > 0 } ? increases : null);
    }

    public void Forget(TKey key) => _counters.Remove(key);

    public int Since(TKey key, DateTimeOffset since) =>
        _counters.TryGetValue(key, out var entry) && entry.Increases is { } increases ? increases.Where(i => i.At >= since).Sum(i => i.Delta) : 0;

    public int Tracked => _counters.Count;
}
