namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>What one round of GetMetricData calls returned: a series or an error for every metric asked for.</summary>
public sealed class CloudWatchFetch
{
    public required IReadOnlyDictionary<CloudWatchMetric, MetricSeries> Series { get; init; }

    /// <summary>Metrics without data and why (a region's call failed, or CloudWatch answered Forbidden/InternalError for it).</summary>
    public required IReadOnlyDictionary<CloudWatchMetric, CloudWatchException> Errors { get; init; }

    /// <summary>HTTP requests made, throttled retries included.</summary>
    public int Calls { get; init; }

    public int ThrottledCalls { get; init; }

    /// <summary>Metrics requested, the unit AWS bills GetMetricData by.</summary>
    public int MetricsRequested { get; init; }
}
