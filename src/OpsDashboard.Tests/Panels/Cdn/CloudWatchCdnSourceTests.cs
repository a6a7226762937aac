using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.TimeSeries.Prometheus;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Cdn;

/// <summary>
/// The CDN source through the shared CloudWatch refresh against the fake endpoint: MDN's attachments week (197 GB from
/// CloudFront, 3 GB from the origin) and origin requests that fell 45 % three days ago.
/// </summary>
public sealed class CloudWatchCdnSourceTests : IAsyncLifetime
{
    // 47 minutes into its hour, whatever the time of the run: the comparison must not depend on where in its hourly
    // period the moment falls (it read −46 % instead of −45 % on runs late in an hour).
    private readonly DateTimeOffset _behindCdn = HourOf(TimeProvider.System.GetUtcNow().AddDays(-3)).AddMinutes(47);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly HttpClient _http = new();
    private FakeCloudWatch _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeCloudWatch.StartAsync();
        MdnAttachmentsMetrics.Define(_fake, _behindCdn);
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_distribution_gets_its_figures_method_trend_comparison_and_api_cost()
    {
        var distribution = Mdn();
        distribution.Compare = new CdnCompareOptions { At = _behindCdn, Label = "attachments behind CloudFront" };
        var sink = new RecordingSink<CdnHitRatio>();

        var (_, target, cdn) = await RunUntilPublishedAsync(distribution, sink, Credentials());

        Assert.Equal("mdn.mozillademos.org", target);
        Assert.Equal(1 - (3.0 / 197), cdn.HitRatio!.Value, 4);
        Assert.StartsWith("bytes: 1 − origin ALB ProcessedBytes", cdn.Method, StringComparison.Ordinal);
        Assert.Equal(12 * 10_000, cdn.Requests);
        Assert.Equal(12 * 5_500, cdn.OriginRequests);
        Assert.Equal(0.012, cdn.Error4xxRate, 6);
        Assert.Equal(0.0005, cdn.Error5xxRate, 6);
        Assert.InRange(cdn.Trend.Count, 287, 289);
        Assert.Equal("origin requests −45 % since " + _behindCdn.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture) + " (attachments behind CloudFront)", cdn.Comparison!.Sentence);
        Assert.Equal("≈ $3.02/month (7 metrics every 1 min)", cdn.ApiCost);
    }

    [Fact]
    public async Task One_refresh_costs_one_call_per_region_for_all_series()
    {
        var sink = new RecordingSink<CdnHitRatio>();
        var options = new CdnOptions { Distributions = [Mdn()], Trend = TimeSpan.FromHours(1) };
        var refresh = Refresh(options, Credentials(), TimeSpan.FromMinutes(1));

        await RunUntilPublishedAsync(options, refresh, sink);

        // us-east-1 (CloudFront) and us-west-2 (the ALB); no backfill since the trend is no longer than the window.
        Assert.Equal(2, _fake.Calls);
        Assert.Equal(7, _fake.MetricsRequested);
    }

    [Fact]
    public async Task Repeated_refreshes_replace_each_periods_datapoint_rather_than_add_to_it()
    {
        var sink = new RecordingSink<CdnHitRatio>();
        var options = new CdnOptions { Distributions = [Mdn()] };
        var refresh = Refresh(options, Credentials(), TimeSpan.FromSeconds(1));
        await refresh.StartAsync(_timeout.Token);
        var running = new CloudWatchCdnSource(options, refresh, null, TimeProvider.System).RunAsync(sink, _timeout.Token);

        var first = (await sink.NextAsync(_timeout.Token)).Snapshot;
        await sink.NextAsync(_timeout.Token);
        var third = (await sink.NextAsync(_timeout.Token)).Snapshot;

        Assert.Equal(12 * 10_000, first.Requests);
        Assert.Equal(12 * 10_000, third.Requests);
        Assert.Equal(first.Trend.Count, third.Trend.Count);
        Assert.True(_fake.Calls >= 1 + (3 * 2), $"a backfill and three rounds of two regions: {_fake.Calls} calls");
        await refresh.StopAsync(CancellationToken.None);
        await _timeout.CancelAsync();
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    [Fact]
    public async Task Expired_credentials_fail_the_tile_with_what_to_do()
    {
        var sink = new RecordingSink<CdnHitRatio>();
        var options = new CdnOptions { Distributions = [Mdn()] };
        var refresh = Refresh(options, new SessionAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey, FakeCloudWatch.ExpiredSessionToken), TimeSpan.FromMinutes(1));
        await refresh.StartAsync(_timeout.Token);
        var source = new CloudWatchCdnSource(options, refresh, null, TimeProvider.System);
        var running = source.RunAsync(sink, _timeout.Token);

        var failure = await sink.NextFailureAsync(_timeout.Token);

        Assert.Contains("AWS credentials have expired", failure, StringComparison.Ordinal);
        await refresh.StopAsync(CancellationToken.None);
        await _timeout.CancelAsync();
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    [Fact]
    public async Task An_origin_series_can_come_from_prometheus()
    {
        var now = TimeProvider.System.GetUtcNow();
        var from = now.AddHours(-3);
        // Two origin pods, each sending 1 MB a minute: 10 MB per 5 minutes against CloudFront's 97.7 MB.
        var samples = string.Concat(new[] { "a", "b" }.Select(pod =>
            PrometheusServer.Counter("nginx_bytes_sent", $"app=\"mdn-attachments\",pod=\"{pod}\"", from, now, TimeSpan.FromMinutes(1), t => (t - from).TotalMinutes * 1e6)));
        await using var server = await PrometheusServer.StartAsync(samples, _timeout.Token);
        var distribution = new CdnDistributionOptions
        {
            Id = "E2QWRUHAPOMQZL",
            Alias = "mdn.mozillademos.org",
            HitRatio = HitRatioMethod.OriginBytes,
            Prometheus = { [CdnSeriesKind.OriginBytes] = "sum(increase(nginx_bytes_sent_total{app=\"mdn-attachments\"}[5m]))" },
        };
        var options = new CdnOptions { Distributions = [distribution] };
        var sink = new RecordingSink<CdnHitRatio>();

        var (_, _, cdn) = await RunUntilPublishedAsync(options, Refresh(options, Credentials(), TimeSpan.FromMinutes(1)), sink, new PrometheusClient(_http, server.Url));

        // Eleven whole periods and the one under way, which Prometheus has only partly seen (the fake CloudWatch answers whole ones).
        Assert.InRange(cdn.OriginBytes!.Value, 11 * 10e6, 12.2 * 10e6);
        Assert.Equal(1 - (cdn.OriginBytes.Value / cdn.CdnBytes), cdn.HitRatio!.Value, 9);
        Assert.InRange(cdn.HitRatio.Value, 1 - (1.22 / 11.72), 1 - (1.1 / 11.73));
        Assert.Contains("OriginBytes (Prometheus)", cdn.Method, StringComparison.Ordinal);
    }

    private static CdnDistributionOptions Mdn() => new()
    {
        Id = "E2QWRUHAPOMQZL",
        Alias = "mdn.mozillademos.org",
        Origin = new CdnOriginOptions { LoadBalancer = MdnAttachmentsMetrics.LoadBalancer, Region = "us-west-2" },
    };

    private static BasicAWSCredentials Credentials() => new(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey);

    private CloudWatchRefresh Refresh(CdnOptions options, AWSCredentials credentials, TimeSpan interval) => new(
        new CloudWatchClient(_http, new StaticCredentialSource(credentials), TimeProvider.System, _fake.Endpoint),
        [new CdnSeriesPlan.Demand(options)],
        Options.Create(new CloudWatchOptions { Refresh = interval }),
        TimeProvider.System,
        NullLogger<CloudWatchRefresh>.Instance);

    private Task<(string Group, string Target, CdnHitRatio Snapshot)> RunUntilPublishedAsync(CdnDistributionOptions distribution, RecordingSink<CdnHitRatio> sink, AWSCredentials credentials)
    {
        var options = new CdnOptions { Distributions = [distribution] };
        return RunUntilPublishedAsync(options, Refresh(options, credentials, TimeSpan.FromMinutes(1)), sink);
    }

    private async Task<(string Group, string Target, CdnHitRatio Snapshot)> RunUntilPublishedAsync(CdnOptions options, CloudWatchRefresh refresh, RecordingSink<CdnHitRatio> sink, PrometheusClient? prometheus = null)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        await refresh.StartAsync(stop.Token);
        var running = new CloudWatchCdnSource(options, refresh, prometheus, TimeProvider.System).RunAsync(sink, stop.Token);
        try
        {
            return await sink.NextAsync(_timeout.Token);
        }
        finally
        {
            await refresh.StopAsync(CancellationToken.None);
            await stop.CancelAsync();
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            Assert.Empty(sink.Failures);
        }
    }

    private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
}
