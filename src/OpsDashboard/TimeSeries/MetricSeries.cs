namespace OpsDashboard.TimeSeries;

/// <summary>One time series as an upstream returned it: points oldest first, and whether the upstream said it was cut short.</summary>
public sealed record MetricSeries(IReadOnlyList<MetricPoint> Points, bool Partial = false)
{
    public static readonly MetricSeries Empty = new([]);

    public double Sum => Points.Sum(p => p.Value);

    public double? Average => Points.Count == 0 ? null : Points.Average(p => p.Value);

    public double? Latest => Points.Count == 0 ? null : Points[^1].Value;

    /// <summary>Points from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive).</summary>
    public MetricSeries Between(DateTimeOffset from, DateTimeOffset to) =>
        new([.. Points.Where(p => p.At >= from && p.At < to)], Partial);
}

public readonly record struct MetricPoint(DateTimeOffset At, double Value);
