using System.Globalization;
using System.Text.RegularExpressions;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Telemetry;

/// <summary>/metrics on the real app: Prometheus text with the store and circuit series, following a real browser page.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _timeout.Dispose();
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Metrics_count_store_updates_subscribers_and_circuits_of_a_live_wall_page()
    {
        var settings = new Dictionary<string, string> { ["Dashboard:History:Path"] = _dir.File("history.db") };
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), settings, _timeout.Token);
        using var http = new HttpClient { BaseAddress = app.BaseUri };

        using var response = await http.GetAsync(new Uri("metrics", UriKind.Relative), _timeout.Token);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var idle = await response.Content.ReadAsStringAsync(_timeout.Token);
        Assert.Contains("# TYPE opsdashboard_store_updates_total counter", idle, StringComparison.Ordinal);
        Assert.Equal(0, Value(idle, "opsdashboard_store_subscribers"));
        Assert.Equal(0, Value(idle, "opsdashboard_circuits_connected"));
        Assert.Contains("dotnet_total_memory_bytes", idle, StringComparison.Ordinal);
        Assert.Equal(1, Value(idle, "opsdashboard_leader"));

        // Every demo tile is a series, so the team's own Prometheus can alert on what the wall shows.
        await WaitForMetricsAsync(http, m => m.Contains("opsdashboard_tile_status{cluster=\"tokyo\",panel=\"nodes\",target=\"tokyo\"}", StringComparison.Ordinal)
            && m.Contains("opsdashboard_tile_data_age_seconds{cluster=\"tokyo\",panel=\"nodes\",target=\"tokyo\"}", StringComparison.Ordinal));

        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(app.BaseUri, "wall").ToString());
            var live = await WaitForMetricsAsync(http, m => Value(m, "opsdashboard_circuits_connected") == 1 && Value(m, "opsdashboard_store_subscribers") == 1);
            Assert.Equal(1, Value(live, "opsdashboard_circuits_open"));

            // The demo fleet publishes every few seconds, and every change bumps the counter.
            var updates = Value(live, "opsdashboard_store_updates_total");
            await WaitForMetricsAsync(http, m => Value(m, "opsdashboard_store_updates_total") > updates);

            // Leaving the page sends Blazor's disconnect beacon: the circuit is closed, not kept for a reconnect.
            await page.GotoAsync("about:blank");
            await WaitForMetricsAsync(http, m => Value(m, "opsdashboard_circuits_open") == 0 && Value(m, "opsdashboard_store_subscribers") == 0);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task Metrics_count_relists_410s_and_watch_restarts_per_cluster_and_resource_with_the_time_of_the_last_event_or_bookmark()
    {
        await using var fake = await FakeKubernetesApiServer.StartAsync(cancellationToken: _timeout.Token);
        fake.Upsert(new V1NodeBuilder("tokyo-node-0").Build());
        var settings = new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("history.db"),
            ["Dashboard:Kubernetes:Clusters:0:Name"] = "tokyo",
            ["Dashboard:Kubernetes:Clusters:0:Context"] = "tokyo",
            ["Dashboard:Kubernetes:Clusters:0:Kubeconfig"] = fake.WriteKubeconfig(_dir.File("tokyo.kubeconfig"), "tokyo"),
        };
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), settings, _timeout.Token);
        using var http = new HttpClient { BaseAddress = app.BaseUri };

        // The fake sends a bookmark a second: the nodes watch's last one is on /metrics, as Unix time.
        var watching = await WaitForMetricsAsync(http, m => Resource(m, "opsdashboard_kubernetes_last_event_timestamp_seconds", "nodes") > 0);
        var lastEvent = DateTimeOffset.FromUnixTimeMilliseconds((long)(Resource(watching, "opsdashboard_kubernetes_last_event_timestamp_seconds", "nodes") * 1000));
        Assert.InRange(lastEvent, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(0, Resource(watching, "opsdashboard_kubernetes_relists_total", "nodes"));
        Assert.Equal(0, Resource(watching, "opsdashboard_kubernetes_silent_watch_reopens_total", "pods"));
        Assert.Equal(0, Value(watching, "opsdashboard_kubernetes_apiserver_silences_total{cluster=\"tokyo\"}"));

        fake.Faults.ExpireHistory();

        // The 410, the relist and the watch reopened after it are counted one after another: a scrape between them
        // sees the relist without the restart yet, so the wait is for all three.
        var relisted = await WaitForMetricsAsync(http, m =>
            Resource(m, "opsdashboard_kubernetes_gone_total", "nodes") >= 1
            && Resource(m, "opsdashboard_kubernetes_relists_total", "nodes") >= 1
            && Resource(m, "opsdashboard_kubernetes_watch_restarts_total", "nodes") >= 1);
        Assert.Equal(0, Resource(relisted, "opsdashboard_kubernetes_failures_total", "nodes"));
    }

    private static double Resource(string metrics, string series, string resource) => Value(metrics, $"{series}{{cluster=\"tokyo\",resource=\"{resource}\"}}");

    private static double Value(string metrics, string series)
    {
        var match = Regex.Match(metrics, $"^{Regex.Escape(series)} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"/metrics has no series {series}:\n{metrics}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Scrapes until the condition holds, as Prometheus would; fails when the test's time runs out.</summary>
    private async Task<string> WaitForMetricsAsync(HttpClient http, Func<string, bool> condition)
    {
        while (true)
        {
            var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative), _timeout.Token);
            if (condition(metrics))
            {
                return metrics;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _timeout.Token);
        }
    }
}
