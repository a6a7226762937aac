using Amazon.Runtime;
using OpsDashboard.Telemetry;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.Tests.Fakes.CloudWatch;

namespace OpsDashboard.Tests.TimeSeries.CloudWatch;

/// <summary>The GetMetricData client against the fake endpoint, which refuses anything not correctly SigV4-signed.</summary>
public sealed class CloudWatchClientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset End = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = End.AddHours(-1);
    private readonly HttpClient _http = new();
    private FakeCloudWatch _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeCloudWatch.StartAsync();
        for (var i = 0; i < 1200; i++)
        {
            var value = i;
            _fake.Define("AWS/CloudFront", "Requests", Dimensions(i), (t, p) => value + (t.Minute / 5));
        }
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_signed_request_gets_every_series_in_one_call()
    {
        var metrics = Enumerable.Range(0, 3).Select(Requests).ToList();

        var fetch = await Client().GetMetricDataAsync(metrics, Start, End, CancellationToken.None);

        Assert.Empty(fetch.Errors);
        Assert.Equal(1, fetch.Calls);
        Assert.Equal(1, _fake.Calls);
        Assert.Equal(3, fetch.MetricsRequested);
        var second = fetch.Series[metrics[2]];
        Assert.Equal(12, second.Points.Count);
        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], second.Points.Select(p => p.Value));
        Assert.Equal(Start, second.Points[0].At);
        Assert.False(second.Partial);
    }

    [Fact]
    public async Task Twelve_hundred_series_take_three_calls_of_at_most_five_hundred()
    {
        var metrics = Enumerable.Range(0, 1200).Select(Requests).ToList();

        var fetch = await Client().GetMetricDataAsync(metrics, Start, End, CancellationToken.None);

        Assert.Equal(3, fetch.Calls);
        Assert.Equal(1200, fetch.Series.Count);
        Assert.All(fetch.Series.Values, s => Assert.Equal(12, s.Points.Count));
        Assert.Equal(1200, _fake.MetricsRequested);
    }

    [Fact]
    public async Task Pages_are_followed_by_next_token_and_put_back_together()
    {
        _fake.MaxDatapointsPerPage = 10;
        var metrics = Enumerable.Range(0, 3).Select(Requests).ToList();

        var fetch = await Client().GetMetricDataAsync(metrics, Start, End, CancellationToken.None);

        Assert.Equal(4, fetch.Calls);
        Assert.All(metrics, m => Assert.Equal(12, fetch.Series[m].Points.Count));
        Assert.All(metrics, m => Assert.False(fetch.Series[m].Partial, "a series completed by a later page is complete"));
        Assert.Equal(Enumerable.Range(0, 12).Select(k => 1.0 + k), fetch.Series[metrics[1]].Points.Select(p => p.Value));
    }

    [Fact]
    public async Task Partial_data_is_kept_and_flagged()
    {
        _fake.PartialMetrics["Requests"] = true;

        var fetch = await Client().GetMetricDataAsync([Requests(0)], Start, End, CancellationToken.None);

        Assert.True(fetch.Series[Requests(0)].Partial);
        Assert.Equal(6, fetch.Series[Requests(0)].Points.Count);
    }

    [Fact]
    public async Task Throttling_is_retried_with_backoff_and_the_data_arrives()
    {
        _fake.ThrottleNext(2);
        var throttledBefore = UpstreamMetrics.Count(UpstreamMetrics.CloudWatch, "throttled");

        var fetch = await Client().GetMetricDataAsync([Requests(0)], Start, End, CancellationToken.None);

        Assert.True(UpstreamMetrics.Count(UpstreamMetrics.CloudWatch, "throttled") - throttledBefore >= 2, "throttled calls are counted on /metrics");
        Assert.Empty(fetch.Errors);
        Assert.Equal(2, fetch.ThrottledCalls);
        Assert.Equal(3, fetch.Calls);
        Assert.Equal(12, fetch.Series[Requests(0)].Points.Count);
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_is_an_error_for_every_series_of_the_call()
    {
        _fake.ThrottleNext(100);

        var fetch = await Client(maxRetries: 2).GetMetricDataAsync([Requests(0), Requests(1)], Start, End, CancellationToken.None);

        Assert.Empty(fetch.Series);
        Assert.All(fetch.Errors.Values, e => Assert.Equal(CloudWatchFailure.Throttled, e.Kind));
        Assert.Contains("Rate exceeded", fetch.Errors[Requests(1)].Message, StringComparison.Ordinal);
        Assert.Equal(3, fetch.Calls);
    }

    [Fact]
    public async Task An_expired_session_token_says_to_renew_the_credentials()
    {
        var expired = new SessionAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey, FakeCloudWatch.ExpiredSessionToken);

        var fetch = await Client(credentials: expired).GetMetricDataAsync([Requests(0)], Start, End, CancellationToken.None);

        var error = fetch.Errors[Requests(0)];
        Assert.Equal(CloudWatchFailure.CredentialsExpired, error.Kind);
        Assert.Contains("credentials have expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, fetch.Calls);
    }

    [Fact]
    public async Task A_wrong_secret_fails_the_signature_check_and_says_so()
    {
        var wrong = new BasicAWSCredentials(FakeCloudWatch.AccessKey, "not-the-secret");

        var fetch = await Client(credentials: wrong).GetMetricDataAsync([Requests(0)], Start, End, CancellationToken.None);

        Assert.Equal(CloudWatchFailure.CredentialsRejected, fetch.Errors[Requests(0)].Kind);
        Assert.Equal(1, _fake.Rejected);
        Assert.Contains("SignatureDoesNotMatch", fetch.Errors[Requests(0)].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metric_with_no_datapoints_is_an_empty_series_not_an_error()
    {
        var missing = new CloudWatchMetric("us-east-1", "AWS/CloudFront", "CacheHitRate", Dimensions(0), "Average", 300);

        var fetch = await Client().GetMetricDataAsync([missing, Requests(0)], Start, End, CancellationToken.None);

        Assert.Empty(fetch.Series[missing].Points);
        Assert.Empty(fetch.Errors);
    }

    [Fact]
    public async Task An_endpoint_that_is_down_is_reported_as_unreachable()
    {
        var port = TestSupport.DashboardProcess.FreePort();
        var client = new CloudWatchClient(_http, new StaticCredentialSource(new BasicAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey)), TimeProvider.System, new Uri($"http://127.0.0.1:{port}/"));

        var fetch = await client.GetMetricDataAsync([Requests(0)], Start, End, CancellationToken.None);

        Assert.Equal(CloudWatchFailure.Unreachable, fetch.Errors[Requests(0)].Kind);
        Assert.Contains("unreachable", fetch.Errors[Requests(0)].Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Dimensions(int i) => new() { ["DistributionId"] = $"E{i:D6}", ["Region"] = "Global" };

    private static CloudWatchMetric Requests(int i) => new("us-east-1", "AWS/CloudFront", "Requests", Dimensions(i), "Sum", 300);

    private CloudWatchClient Client(AWSCredentials? credentials = null, int maxRetries = 5) =>
        new(_http, new StaticCredentialSource(credentials ?? new BasicAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey)), TimeProvider.System, _fake.Endpoint, maxRetries);
}
