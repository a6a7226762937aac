using OpsDashboard.TimeSeries;

namespace OpsDashboard.Panels.Cdn;

/// <summary>Works out a distribution's figures and hit ratio from its series, choosing the method as configured.</summary>
public static class CdnHitRatioCalculator
{
    public const string NoMethod = "no hit ratio: enable CloudFront additional metrics (CacheHitRate) or configure the origin's load balancer";

    public static CdnHitRatio Compute(CdnDistributionOptions distribution, IReadOnlyDictionary<CdnSeriesKind, MetricSeries> series, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(series);
        var requests = Get(series, CdnSeriesKind.Requests);
        var bytes = Get(series, CdnSeriesKind.BytesDownloaded);
        var originRequests = Get(series, CdnSeriesKind.OriginRequests);
        var originBytes = Get(series, CdnSeriesKind.OriginBytes);
        var (ratio, method) = Ratio(distribution, series);
        return new CdnHitRatio(
            distribution.Id,
            distribution.Alias ?? distribution.Id,
            ratio,
            method,
            bytes.Sum,
            originBytes.Points.Count > 0 ? originBytes.Sum : null,
            requests.Sum,
            originRequests.Points.Count > 0 ? originRequests.Sum : null,
            WeightedRate(Get(series, CdnSeriesKind.Error4xxRate), requests),
            WeightedRate(Get(series, CdnSeriesKind.Error5xxRate), requests),
            window,
            distribution.WarnBelow)
        {
            Partial = series.Values.Any(s => s.Partial),
        };
    }

    /// <summary>The hit ratio at every period where the chosen method has data.</summary>
    public static IReadOnlyList<MetricPoint> Trend(CdnDistributionOptions distribution, IReadOnlyDictionary<CdnSeriesKind, MetricSeries> series)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        ArgumentNullException.ThrowIfNull(series);
        var times = series.Values.SelectMany(s => s.Points.Select(p => p.At)).Distinct().Order();
        var trend = new List<MetricPoint>();
        foreach (var at in times)
        {
            var slice = series.ToDictionary(s => s.Key, s => s.Value.Between(at, at.AddTicks(1)));
            if (Ratio(distribution, slice) is ({ } ratio, _))
            {
                trend.Add(new MetricPoint(at, ratio));
            }
        }

        return trend;
    }

    private static (double? Ratio, string Method) Ratio(CdnDistributionOptions distribution, IReadOnlyDictionary<CdnSeriesKind, MetricSeries> series)
    {
        var method = distribution.HitRatio;
        var cacheHitRate = Get(series, CdnSeriesKind.CacheHitRate);
        if (method is HitRatioMethod.CacheHitRate || (method is HitRatioMethod.Auto && cacheHitRate.Points.Count > 0))
        {
            return cacheHitRate.Points.Count > 0
                ? (Math.Clamp(WeightedRate(cacheHitRate, Get(series, CdnSeriesKind.Requests)), 0, 1), $"CloudFront CacheHitRate{Via(distribution, CdnSeriesKind.CacheHitRate)}")
                : (null, "no CacheHitRate data: turn on the distribution's additional metrics");
        }

        foreach (var (wanted, cdnKind, originKind, unit) in new[]
                 {
                     (HitRatioMethod.OriginBytes, CdnSeriesKind.BytesDownloaded, CdnSeriesKind.OriginBytes, "bytes"),
                     (HitRatioMethod.OriginRequests, CdnSeriesKind.Requests, CdnSeriesKind.OriginRequests, "requests"),
                 })
        {
            if (method != wanted && method != HitRatioMethod.Auto)
            {
                continue;
            }

            var cdn = Get(series, cdnKind);
            var origin = Get(series, originKind);
            if (cdn.Points.Count > 0 && origin.Points.Count > 0 && cdn.Sum > 0)
            {
                return (Math.Clamp(1 - (origin.Sum / cdn.Sum), 0, 1), $"{unit}: 1 − origin{Via(distribution, originKind)} / CloudFront{Via(distribution, cdnKind)}");
            }

            if (method == wanted)
            {
                return (null, $"no {unit} data for both CloudFront and the origin: check the origin settings");
            }
        }

        return (null, NoMethod);
    }

    private static string Via(CdnDistributionOptions distribution, CdnSeriesKind kind) => distribution.Prometheus.ContainsKey(kind)
        ? $" {kind} (Prometheus)"
        : kind switch
        {
            CdnSeriesKind.OriginBytes => " ALB ProcessedBytes",
            CdnSeriesKind.OriginRequests => " ALB RequestCount",
            CdnSeriesKind.BytesDownloaded => " BytesDownloaded",
            CdnSeriesKind.Requests => " Requests",
            _ => "",
        };

    /// <summary>A per-period percentage averaged by each period's requests, as a fraction; a plain average without request counts.</summary>
    private static double WeightedRate(MetricSeries percent, MetricSeries requests)
    {
        if (percent.Points.Count == 0)
        {
            return 0;
        }

        var weights = requests.Points.ToDictionary(p => p.At, p => p.Value);
        var weighted = percent.Points.Where(p => weights.ContainsKey(p.At)).ToList();
        var total = weighted.Sum(p => weights[p.At]);
        return total > 0
            ? weighted.Sum(p => p.Value * weights[p.At]) / total / 100
            : percent.Points.Average(p => p.Value) / 100;
    }

    private static MetricSeries Get(IReadOnlyDictionary<CdnSeriesKind, MetricSeries> series, CdnSeriesKind kind) =>
        series.TryGetValue(kind, out var s) ? s : MetricSeries.Empty;
}
