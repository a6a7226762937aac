using System.Diagnostics;
using Prometheus;

namespace OpsDashboard.Telemetry;

/// <summary>
/// Calls the dashboard makes to its upstreams, on /metrics: how many, how they ended, how long they took. An SRE
/// debugging the dashboard itself sees whether CloudWatch throttles it or the Kubernetes API is slow.
/// </summary>
public static class UpstreamMetrics
{
    private static readonly Counter Requests = Metrics.CreateCounter(
        "opsdashboard_upstream_requests_total", "Requests to upstreams by outcome (ok, error, throttled).",
        new CounterConfiguration { LabelNames = ["upstream", "outcome"] });

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "opsdashboard_upstream_request_seconds", "Time to an upstream's answer (errors included).",
        new HistogramConfiguration { LabelNames = ["upstream"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });

    public const string CloudWatch = "cloudwatch";
    public const string Prometheus = "prometheus";
    public const string Kubernetes = "kubernetes";
    public const string MySql = "mysql";
    public const string HealthPage = "health_page";

    public static void Record(string upstream, string outcome, TimeSpan elapsed)
    {
        Requests.WithLabels(upstream, outcome).Inc();
        Duration.WithLabels(upstream).Observe(elapsed.TotalSeconds);
    }

    public static double Count(string upstream, string outcome) => Requests.WithLabels(upstream, outcome).Value;

    /// <summary>Times <paramref name="call"/> and records it as ok, or by what <paramref name="outcomeOf"/> says of its exception.</summary>
    public static async Task<T> TimeAsync<T>(string upstream, Func<Task<T>> call, Func<Exception, string>? outcomeOf = null)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            Record(upstream, "ok", Stopwatch.GetElapsedTime(started));
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Record(upstream, outcomeOf?.Invoke(ex) ?? "error", Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
