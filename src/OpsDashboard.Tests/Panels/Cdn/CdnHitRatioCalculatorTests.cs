using OpsDashboard.Panels.Cdn;
using OpsDashboard.Pipeline;
using OpsDashboard.TimeSeries;

namespace OpsDashboard.Tests.Panels.Cdn;

public sealed class CdnHitRatioCalculatorTests
{
    private static readonly DateTimeOffset T0 = new(2017, 10, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cdn_against_origin_bytes_gives_the_byte_hit_ratio_of_the_mdn_attachments_week()
    {
        var series = Series((CdnSeriesKind.BytesDownloaded, 197e9), (CdnSeriesKind.OriginBytes, 3e9), (CdnSeriesKind.Requests, 1000));

        var ratio = CdnHitRatioCalculator.Compute(new CdnDistributionOptions { Id = "E1" }, series, TimeSpan.FromDays(7));

        Assert.Equal(1 - (3.0 / 197), ratio.HitRatio!.Value, 6);
        Assert.StartsWith("bytes: 1 − origin ALB ProcessedBytes / CloudFront BytesDownloaded", ratio.Method, StringComparison.Ordinal);
        Assert.Equal(3e9, ratio.OriginBytes);
    }

    [Fact]
    public void Auto_prefers_cache_hit_rate_when_the_distribution_has_additional_metrics()
    {
        var series = Series((CdnSeriesKind.CacheHitRate, 91.5), (CdnSeriesKind.BytesDownloaded, 197e9), (CdnSeriesKind.OriginBytes, 3e9));

        var ratio = CdnHitRatioCalculator.Compute(new CdnDistributionOptions { Id = "E1" }, series, TimeSpan.FromHours(1));

        Assert.Equal(0.915, ratio.HitRatio!.Value, 6);
        Assert.Equal("CloudFront CacheHitRate", ratio.Method);
        Assert.Equal(DataHealth.Warning, ratio.Health);
    }

    [Fact]
    public void The_requests_method_compares_request_counts()
    {
        var series = Series((CdnSeriesKind.Requests, 1000), (CdnSeriesKind.OriginRequests, 550), (CdnSeriesKind.BytesDownloaded, 10), (CdnSeriesKind.OriginBytes, 1));

        var ratio = CdnHitRatioCalculator.Compute(new CdnDistributionOptions { Id = "E1", HitRatio = HitRatioMethod.OriginRequests }, series, TimeSpan.FromHours(1));

        Assert.Equal(0.45, ratio.HitRatio!.Value, 6);
        Assert.StartsWith("requests:", ratio.Method, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_cache_hit_rate_or_origin_traffic_there_is_no_ratio_and_the_tile_says_what_to_turn_on()
    {
        var ratio = CdnHitRatioCalculator.Compute(new CdnDistributionOptions { Id = "E1" }, Series((CdnSeriesKind.Requests, 1000)), TimeSpan.FromHours(1));

        Assert.Null(ratio.HitRatio);
        Assert.Equal("no hit ratio", ratio.Headline);
        Assert.Equal(CdnHitRatioCalculator.NoMethod, ratio.Why);
    }

    [Fact]
    public void Error_rates_are_averaged_by_each_periods_requests()
    {
        var series = new Dictionary<CdnSeriesKind, MetricSeries>
        {
            [CdnSeriesKind.Requests] = new([new(T0, 9000), new(T0.AddMinutes(5), 1000)]),
            [CdnSeriesKind.Error5xxRate] = new([new(T0, 0), new(T0.AddMinutes(5), 10)]),
        };

        var ratio = CdnHitRatioCalculator.Compute(new CdnDistributionOptions { Id = "E1" }, series, TimeSpan.FromMinutes(10));

        Assert.Equal(0.01, ratio.Error5xxRate, 6);
    }

    [Fact]
    public void The_trend_has_the_ratio_of_every_period()
    {
        var series = new Dictionary<CdnSeriesKind, MetricSeries>
        {
            [CdnSeriesKind.BytesDownloaded] = new([new(T0, 100), new(T0.AddMinutes(5), 100)]),
            [CdnSeriesKind.OriginBytes] = new([new(T0, 10), new(T0.AddMinutes(5), 50)]),
        };

        var trend = CdnHitRatioCalculator.Trend(new CdnDistributionOptions { Id = "E1" }, series);

        Assert.Equal([0.9, 0.5], trend.Select(p => Math.Round(p.Value, 6)));
        Assert.Equal([T0, T0.AddMinutes(5)], trend.Select(p => p.At));
    }

    [Theory]
    [InlineData(100, 55, "origin requests −45 % since Oct 26 (attachments behind CDN)")]
    [InlineData(100, 130, "origin requests +30 % since Oct 26 (attachments behind CDN)")]
    public void A_comparison_reads_as_a_sentence(double before, double after, string sentence) =>
        Assert.Equal(sentence, new CdnComparison(T0, "attachments behind CDN", CdnSeriesKind.OriginRequests, before, after).Sentence);

    private static Dictionary<CdnSeriesKind, MetricSeries> Series(params (CdnSeriesKind Kind, double Value)[] values) =>
        values.ToDictionary(v => v.Kind, v => new MetricSeries([new MetricPoint(T0, v.Value)]));
}
