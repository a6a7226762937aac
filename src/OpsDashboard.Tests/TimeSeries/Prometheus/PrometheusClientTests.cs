using OpsDashboard.TimeSeries.Prometheus;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.TimeSeries.Prometheus;

/// <summary>Range queries against a real Prometheus whose TSDB holds a day of origin traffic from two pods.</summary>
public sealed class PrometheusClientTests : IAsyncLifetime
{
    // Each pod sends 1 MB a minute: 5 MB per pod per 5 minutes.
    private const double BytesPerMinute = 1e6;
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 60 * 60);
    private static readonly DateTimeOffset From = Now.AddDays(-1);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private PrometheusServer _prometheus = null!;

    public async Task InitializeAsync()
    {
        var samples = PrometheusServer.Counter("nginx_bytes_sent", "app=\"mdn-attachments\",pod=\"a\"", From, Now, TimeSpan.FromMinutes(1), t => (t - From).TotalMinutes * BytesPerMinute)
            + PrometheusServer.Counter("nginx_bytes_sent", "app=\"mdn-attachments\",pod=\"b\"", From, Now, TimeSpan.FromMinutes(1), t => (t - From).TotalMinutes * BytesPerMinute);
        _prometheus = await PrometheusServer.StartAsync(samples, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _prometheus.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_summed_increase_gives_one_point_per_step_with_the_traffic_of_both_pods()
    {
        var client = new PrometheusClient(_http, _prometheus.Url);

        var series = await client.QueryRangeAsync("sum(increase(nginx_bytes_sent_total{app=\"mdn-attachments\"}[5m]))", Now.AddHours(-1), Now.AddMinutes(-5), TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(12, series.Points.Count);
        Assert.Equal(Now.AddHours(-1), series.Points[0].At);
        Assert.All(series.Points, p => Assert.InRange(p.Value, 9.9e6, 10.1e6));
    }

    [Fact]
    public async Task A_query_that_returns_several_series_is_refused_with_how_to_fix_it()
    {
        var client = new PrometheusClient(_http, _prometheus.Url);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryRangeAsync("increase(nginx_bytes_sent_total[5m])", Now.AddHours(-1), Now, TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Contains("returned 2 series", error.Message, StringComparison.Ordinal);
        Assert.Contains("sum(", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_query_carries_prometheus_own_explanation()
    {
        var client = new PrometheusClient(_http, _prometheus.Url);

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryRangeAsync("sum(increase(nginx_bytes_sent_total[5m]", Now.AddHours(-1), Now, TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Contains("bad_data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_series_with_no_samples_is_empty()
    {
        var client = new PrometheusClient(_http, _prometheus.Url);

        var series = await client.QueryRangeAsync("sum(increase(nginx_bytes_sent_total{app=\"none\"}[5m]))", Now.AddHours(-1), Now, TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Empty(series.Points);
    }
}
