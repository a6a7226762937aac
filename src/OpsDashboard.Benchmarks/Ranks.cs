namespace OpsDashboard.Benchmarks;

/// <summary>The median and the 95th percentile (nearest rank) of timed runs.</summary>
public static class Ranks
{
    public static (TimeSpan Median, TimeSpan P95) Of(List<TimeSpan> times)
    {
        ArgumentNullException.ThrowIfNull(times);
        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)]);
    }
}
