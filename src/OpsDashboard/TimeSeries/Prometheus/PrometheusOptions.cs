namespace OpsDashboard.TimeSeries.Prometheus;

/// <summary>Configuration section <c>Dashboard:Prometheus</c>: the server that PromQL series are read from.</summary>
public sealed class PrometheusOptions
{
    public const string Section = "Dashboard:Prometheus";

    /// <summary>Base URL of the Prometheus HTTP API, e.g. http://prometheus.monitoring:9090/.</summary>
    public Uri? Url { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
