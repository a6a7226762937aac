namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>Configuration section <c>Dashboard:CloudWatch</c>: how the one shared GetMetricData refresh runs.</summary>
public sealed class CloudWatchOptions
{
    public const string Section = "Dashboard:CloudWatch";

    /// <summary>AWS price of GetMetricData: $0.01 per 1,000 metrics requested.</summary>
    public const decimal DollarsPerThousandMetrics = 0.01m;

    /// <summary>A named AWS profile; empty means the SDK's default chain (environment, SSO, IRSA, instance role).</summary>
    public string? Profile { get; set; }

    /// <summary>Another endpoint than monitoring.{region}.amazonaws.com, e.g. a VPC endpoint (the request is still signed for the metric's region).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Every panel's CloudWatch series are fetched together this often.</summary>
    public TimeSpan Refresh { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    public int MaxRetries { get; set; } = 5;
}
