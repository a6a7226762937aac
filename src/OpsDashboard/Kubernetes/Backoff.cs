namespace OpsDashboard.Kubernetes;

/// <summary>Exponential backoff with jitter, capped: 800 ms, 1.6 s, 3.2 s ... each up to twice as long at random, never over 30 s.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random random)
{
    private int _failures;

    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var baseDelay = TimeSpan.FromTicks((long)Math.Min(max.Ticks, initial.Ticks * Math.Pow(2, exponent)));
        var jittered = baseDelay + TimeSpan.FromTicks((long)(baseDelay.Ticks * random.NextDouble()));
        return jittered > max ? max : jittered;
    }

    public void Reset() => _failures = 0;
}
