namespace OpsDashboard.Kubernetes;

/// <summary>
/// Exponential backoff with jitter, capped, as client-go's reflector backs off (wait.NewExponentialBackoffManager):
/// 800 ms, 1.6 s, 3.2 s ... each up to twice as long at random, never over 30 s. It starts over on <see cref="Reset"/>
/// (the upstream answered properly again) and by itself when no delay was asked for within <c>resetAfter</c>
/// (client-go: 2 min), so an old outage never stretches the retry after today's routine blip.
/// </summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random random, TimeProvider time, TimeSpan resetAfter)
{
    private int _failures;
    private DateTimeOffset? _lastAsked;

    public Backoff(TimeSpan initial, TimeSpan max, Random random)
        : this(initial, max, random, TimeProvider.System, Timeout.InfiniteTimeSpan)
    {
    }

    /// <summary>How many delays were asked for since the last reset.</summary>
    public int Failures => _failures;

    public TimeSpan Next()
    {
        var now = time.GetUtcNow();
        if (resetAfter != Timeout.InfiniteTimeSpan && _lastAsked is { } last && now - last > resetAfter)
        {
            _failures = 0;
        }

        _lastAsked = now;
        var exponent = Math.Min(_failures++, 30);
        var baseDelay = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, exponent)));
        var jittered = baseDelay + TimeSpan.FromTicks((long)(baseDelay.Ticks * random.NextDouble()));
        return jittered > max ? max : jittered;
    }

    public void Reset() => _failures = 0;
}
