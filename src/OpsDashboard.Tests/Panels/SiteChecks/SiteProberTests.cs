using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.SiteChecks;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>Single checks against real servers on loopback: redirects, a wrong body, a hang, and HTTPS with a certificate made here.</summary>
public sealed class SiteProberTests : IAsyncLifetime
{
    private FakeSite _site = null!;

    public async Task InitializeAsync() => _site = await FakeSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    private static SiteCheckOptions Site(Uri url, string? expectText = null, int? expectStatus = null) =>
        new() { Name = "site", Url = url.ToString(), Timeout = TimeSpan.FromSeconds(5), ExpectText = expectText, ExpectStatus = expectStatus };

    [Fact]
    public async Task Redirects_are_followed_and_listed_and_phases_timed()
    {
        _site.Set("/final", new FakePage("<title>Mozilla</title>"));
        _site.Set("/mid", new FakePage("", 302) { RedirectTo = "/final" });
        var start = _site.Set("/old", new FakePage("", 301) { RedirectTo = _site.Url("/mid", "localhost").ToString() });

        var result = await new SiteProber(TimeProvider.System).ProbeAsync(Site(start, "Mozilla"), CancellationToken.None);

        Assert.True(result.Up, result.Error);
        Assert.Equal(200, result.Status);
        Assert.Equal([(301, start.ToString(), _site.Url("/mid", "localhost").ToString()), (302, _site.Url("/mid", "localhost").ToString(), _site.Url("/final", "localhost").ToString())],
            result.Redirects.Select(r => (r.Status, r.From, r.To)));
        Assert.Equal(_site.Url("/final", "localhost").ToString(), result.FinalUrl);
        // localhost is looked up, 127.0.0.1 is not; plain HTTP has no TLS phase.
        Assert.NotNull(result.Phases.Dns);
        Assert.NotNull(result.Phases.Connect);
        Assert.NotNull(result.Phases.FirstByte);
        Assert.Null(result.Phases.Tls);
        Assert.Null(result.CertificateExpiry);
        Assert.True(result.Phases.Total >= result.Phases.Connect!.Value + result.Phases.FirstByte!.Value);
    }

    [Fact]
    public async Task Too_many_redirects_fail_the_check()
    {
        var loop = _site.Set("/loop", new FakePage("", 302) { RedirectTo = "/loop" });

        var result = await new SiteProber(TimeProvider.System).ProbeAsync(Site(loop), CancellationToken.None);

        Assert.False(result.Up);
        Assert.Equal("more than 10 redirects", result.Error);
        Assert.Equal(11, result.Redirects.Count);
    }

    [Theory]
    [InlineData("<html>Under maintenance</html>", 200, "Mozilla", null, "HTTP 200 but \"Mozilla\" is not in the body")]
    [InlineData("<html>Mozilla</html>", 503, "Mozilla", null, "HTTP 503")]
    [InlineData("<html>Mozilla</html>", 202, null, 200, "HTTP 202, expected 200")]
    [InlineData("<html>Mozilla</html>", 202, null, null, null)]
    public async Task Status_and_body_decide_whether_the_site_is_up(string body, int status, string? expectText, int? expectStatus, string? error)
    {
        var url = _site.Set("/page", new FakePage(body, status));

        var result = await new SiteProber(TimeProvider.System).ProbeAsync(Site(url, expectText, expectStatus), CancellationToken.None);

        Assert.Equal(error, result.Error);
        Assert.Equal(error is null, result.Up);
        Assert.Equal(status, result.Status);
        Assert.Equal(error is null ? null : body, result.BodyStart);
    }

    [Fact]
    public async Task A_site_that_accepts_and_never_answers_fails_when_the_timeout_fires_and_its_connection_is_closed()
    {
        using var hanging = new FakeHangingSite();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var probe = new SiteProber(clock).ProbeAsync(Site(hanging.Url), CancellationToken.None);

        await hanging.Accepted;
        Assert.False(probe.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(5));
        var result = await probe;

        Assert.False(result.Up);
        Assert.Null(result.Status);
        Assert.Equal("no answer within 5 s", result.Error);
        Assert.Equal(TimeSpan.FromSeconds(5), result.Phases.Total);
        Assert.Null(result.Phases.FirstByte);
        await hanging.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, hanging.Held);
    }

    [Fact]
    public async Task A_refused_connection_fails_with_the_reason()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var result = await new SiteProber(TimeProvider.System).ProbeAsync(Site(new Uri($"http://127.0.0.1:{port}/")), CancellationToken.None);

        Assert.False(result.Up);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Https_with_a_certificate_expiring_in_5_days_is_up_with_a_certificate_warning()
    {
        using var certificate = FakeSiteCertificate.Expiring(TimeSpan.FromDays(5));
        await using var https = await FakeSite.StartAsync(certificate);
        var url = https.Set("/", new FakePage("<title>Mozilla</title>"));
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var site = Site(url, "Mozilla");

        var result = await new SiteProber(clock, [certificate]).ProbeAsync(site, CancellationToken.None);

        Assert.True(result.Up, result.Error);
        Assert.NotNull(result.Phases.Tls);
        Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), result.CertificateExpiry);
        var tracker = new SiteCheckTracker(site);
        tracker.Record(result);
        var group = new SiteGroupChecks("sites", [tracker.Snapshot(clock.GetUtcNow())]);
        Assert.True(group.Sites[0].CertificateWarning);
        Assert.Equal(DataHealth.Warning, group.Health);
        Assert.StartsWith("site certificate expires in 4 d 23 h (", group.Why, StringComparison.Ordinal);

        // Six days on it has expired.
        clock.Advance(TimeSpan.FromDays(6));
        Assert.StartsWith("site certificate expired ", new SiteGroupChecks("sites", [tracker.Snapshot(clock.GetUtcNow())]).Why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Https_with_a_certificate_nobody_trusts_fails_and_still_tells_its_expiry()
    {
        using var certificate = FakeSiteCertificate.Expiring(TimeSpan.FromDays(30));
        await using var https = await FakeSite.StartAsync(certificate);
        var url = https.Set("/", new FakePage());

        var result = await new SiteProber(TimeProvider.System).ProbeAsync(Site(url), CancellationToken.None);

        Assert.False(result.Up);
        Assert.Equal("TLS certificate not accepted: RemoteCertificateChainErrors", result.Error);
        Assert.Equal(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), result.CertificateExpiry);
    }
}
