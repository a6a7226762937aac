using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>blackbox_exporter's probes read back from a real Prometheus (Debian's, installed by test.sh), its TSDB filled with promtool.</summary>
public sealed class BlackboxSiteProberTests : IDisposable
{
    private const string Selector = "job=\"blackbox\",instance=\"https://developer.mozilla.org/\"";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(90));

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_failing_probe_with_its_status_phases_and_certificate_is_a_failed_check_through_the_same_tracker()
    {
        var now = TimeProvider.System.GetUtcNow();
        var expiry = now.AddDays(5).ToUnixTimeSeconds();
        // Probes every 15 s for 10 minutes: up with 200, then the last three failing with 503.
        var samples = new StringBuilder();
        var from = now.AddMinutes(-10);
        var last = now.AddSeconds(-5);
        var failingFrom = last.AddSeconds(-30);
        foreach (var (name, extra, value) in new (string, string, Func<DateTimeOffset, double>)[]
        {
            ("probe_success", "", t => t >= failingFrom ? 0 : 1),
            ("probe_http_status_code", "", t => t >= failingFrom ? 503 : 200),
            ("probe_ssl_earliest_cert_expiry", "", _ => expiry),
            ("probe_duration_seconds", "", _ => 0.25),
            ("probe_http_duration_seconds", ",phase=\"resolve\"", _ => 0.01),
            ("probe_http_duration_seconds", ",phase=\"connect\"", _ => 0.02),
            ("probe_http_duration_seconds", ",phase=\"tls\"", _ => 0.04),
            ("probe_http_duration_seconds", ",phase=\"processing\"", _ => 0.15),
        })
        {
            for (var t = from; t <= last; t += TimeSpan.FromSeconds(15))
            {
                samples.Append(CultureInfo.InvariantCulture, $"{name}{{{Selector}{extra}}} {value(t)} {t.ToUnixTimeSeconds()}\n");
            }
        }

        await using var server = await PrometheusServer.StartAsync(samples.ToString(), _timeout.Token);
        var clock = new FakeTimeProvider(now);
        var prober = new BlackboxSiteProber(new PrometheusClient(_http, server.Url), clock);
        var site = new SiteCheckOptions { Name = "developer.mozilla.org", Group = "mdn", Url = "https://developer.mozilla.org/", Blackbox = Selector, Retries = 1 };

        var result = await prober.ProbeAsync(site, _timeout.Token);

        Assert.False(result.Up);
        Assert.Equal(503, result.Status);
        Assert.Equal("blackbox_exporter: probe failed, HTTP 503", result.Error);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(expiry), result.CertificateExpiry);
        Assert.Equal(new ProbePhases(TimeSpan.FromSeconds(0.01), TimeSpan.FromSeconds(0.02), TimeSpan.FromSeconds(0.04), TimeSpan.FromSeconds(0.15), TimeSpan.FromSeconds(0.25)), result.Phases);
        var tracker = new SiteCheckTracker(site);
        tracker.Record(result);
        var group = new SiteGroupChecks("mdn", [tracker.Snapshot(now)]);
        Assert.Equal(SiteState.Down, group.Sites[0].State);
        Assert.True(group.Sites[0].CertificateWarning);
        Assert.Equal(DataHealth.Critical, group.Health);

        // A site blackbox_exporter does not probe is not down: the tile says Prometheus has nothing for it.
        var unknown = new SiteCheckOptions { Name = "nowhere", Url = "https://nowhere.example/", Blackbox = "instance=\"https://nowhere.example/\"" };
        var error = await Assert.ThrowsAsync<SiteCheckUnavailableException>(() => prober.ProbeAsync(unknown, _timeout.Token));
        Assert.StartsWith("Prometheus has no probe_success{instance=\"https://nowhere.example/\"}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blackbox_selector_needs_prometheus_and_no_braces()
    {
        var options = new SiteChecksOptions
        {
            Sites =
            [
                new() { Name = "a", Url = "https://developer.mozilla.org/", Blackbox = "{instance=\"x\"}" },
                new() { Name = "b", Url = "https://support.mozilla.org/", Blackbox = "instance=\"https://support.mozilla.org/\"" },
            ],
        };

        var result = new SiteChecksOptionsValidator(Options.Create(new PrometheusOptions())).Validate(null, options);

        Assert.Equal(
        [
            "Dashboard:SiteChecks:Sites:0:Blackbox must be label matchers without braces, e.g. job=\"blackbox\",instance=\"https://developer.mozilla.org/\"; got \"{instance=\"x\"}\".",
            "Dashboard:SiteChecks:Sites:1:Blackbox reads blackbox_exporter's probes from Prometheus, but Dashboard:Prometheus:Url is not set.",
        ], result.Failures);
    }
}
