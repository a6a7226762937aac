using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Panels.Cdn;

/// <summary>Where one of a distribution's series comes from: a CloudWatch metric or a PromQL query.</summary>
public sealed record CdnSeriesSpec(CdnSeriesKind Kind, CloudWatchMetric? CloudWatch, string? PromQl);

/// <summary>
/// The series a distribution needs. CloudFront's metrics live in us-east-1 under AWS/CloudFront with dimensions
/// DistributionId and Region=Global; the origin's load balancer metrics live in its own region.
/// </summary>
public static class CdnSeriesPlan
{
    public const string CloudFrontRegion = "us-east-1";

    public static IReadOnlyList<CdnSeriesSpec> For(CdnDistributionOptions distribution, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        var seconds = (int)period.TotalSeconds;
        var cdn = new Dictionary<string, string> { ["DistributionId"] = distribution.Id, ["Region"] = "Global" };
        var wanted = new List<(CdnSeriesKind Kind, CloudWatchMetric? Metric)>
        {
            (CdnSeriesKind.Requests, new(CloudFrontRegion, "AWS/CloudFront", "Requests", cdn, "Sum", seconds)),
            (CdnSeriesKind.BytesDownloaded, new(CloudFrontRegion, "AWS/CloudFront", "BytesDownloaded", cdn, "Sum", seconds)),
            (CdnSeriesKind.Error4xxRate, new(CloudFrontRegion, "AWS/CloudFront", "4xxErrorRate", cdn, "Average", seconds)),
            (CdnSeriesKind.Error5xxRate, new(CloudFrontRegion, "AWS/CloudFront", "5xxErrorRate", cdn, "Average", seconds)),
        };
        if (distribution.HitRatio is HitRatioMethod.Auto or HitRatioMethod.CacheHitRate)
        {
            wanted.Add((CdnSeriesKind.CacheHitRate, new(CloudFrontRegion, "AWS/CloudFront", "CacheHitRate", cdn, "Average", seconds)));
        }

        if (distribution.Origin is { } origin)
        {
            var alb = new Dictionary<string, string> { ["LoadBalancer"] = origin.LoadBalancer };
            wanted.Add((CdnSeriesKind.OriginRequests, new(origin.Region, origin.Namespace, "RequestCount", alb, "Sum", seconds)));
            wanted.Add((CdnSeriesKind.OriginBytes, new(origin.Region, origin.Namespace, "ProcessedBytes", alb, "Sum", seconds)));
        }

        foreach (var kind in distribution.Prometheus.Keys.Where(k => wanted.All(w => w.Kind != k)))
        {
            wanted.Add((kind, null));
        }

        return [.. wanted.Select(w => distribution.Prometheus.TryGetValue(w.Kind, out var query)
            ? new CdnSeriesSpec(w.Kind, null, query)
            : new CdnSeriesSpec(w.Kind, w.Metric, null))];
    }

    /// <summary>The CloudWatch part of every distribution's plan, for the shared refresh.</summary>
    public sealed class Demand(CdnOptions options) : ICloudWatchDemand
    {
        public IReadOnlyCollection<CloudWatchMetric> Metrics { get; } =
            [.. options.Distributions.SelectMany(d => For(d, options.Period)).Select(s => s.CloudWatch).OfType<CloudWatchMetric>()];

        public TimeSpan Lookback => options.Window;
    }
}
