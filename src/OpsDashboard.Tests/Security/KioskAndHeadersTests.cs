using System.Net;
using OpsDashboard.Security;
using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Security;

/// <summary>
/// The real app behind a (pretend) login proxy that is not on loopback, so only a kiosk token gets this test's client
/// in: the token flow, view-only limits, revocation by removing the token, security headers and Host filtering.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KioskAndHeadersTests : IAsyncLifetime
{
    private const string Token = "kV3rYl0ngRand0mT0kenForTheWallInTheOffice";
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly CookieContainer _cookies = new();
    private readonly int _port = DashboardProcess.FreePort();
    private HttpClient _http = null!;
    private DashboardProcess _app = null!;

    public async Task InitializeAsync()
    {
        _http = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false });
        _app = await StartAsync(withToken: true);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _http.Dispose();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Without_a_login_the_dashboard_refuses_and_says_how_to_get_in()
    {
        using var response = await _http.GetAsync(_app.BaseUri);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign in through the dashboard's login proxy", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var live = await _http.GetAsync(new Uri(_app.BaseUri, "healthz/live"));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_kiosk_token_opens_the_wall_but_not_the_report_generator_and_removing_it_revokes_it()
    {
        using (var wrong = await _http.GetAsync(new Uri(_app.BaseUri, "kiosk?token=guess")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using (var signIn = await _http.GetAsync(new Uri(_app.BaseUri, $"kiosk?token={Token}")))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/wall", signIn.Headers.Location!.OriginalString);
        }

        using (var wall = await _http.GetAsync(new Uri(_app.BaseUri, "wall")))
        {
            Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
        }

        using (var reports = await _http.GetAsync(new Uri(_app.BaseUri, "reports")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, reports.StatusCode);
        }

        await _app.DisposeAsync();
        _app = await StartAsync(withToken: false);
        using var revoked = await _http.GetAsync(new Uri(_app.BaseUri, "wall"));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_unknown_hosts_are_refused()
    {
        using var signIn = await _http.GetAsync(new Uri(_app.BaseUri, $"kiosk?token={Token}"));
        using var wall = await _http.GetAsync(new Uri(_app.BaseUri, "wall"));

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, wall.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", wall.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", wall.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", wall.Headers.GetValues("Referrer-Policy").Single());

        using var evil = new HttpRequestMessage(HttpMethod.Get, new Uri(_app.BaseUri, "wall"));
        evil.Headers.Host = "evil.example.org";
        using var refused = await _http.SendAsync(evil);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Dashboard:Security:AllowedHosts", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(_app.BaseUri, "healthz/live"));
        probe.Headers.Host = "10.2.3.4:8080";
        using var probed = await _http.SendAsync(probe);
        Assert.Equal(HttpStatusCode.OK, probed.StatusCode);
    }

    private Task<DashboardProcess> StartAsync(bool withToken)
    {
        var settings = new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:Security:Access"] = "ProxyHeader",
            ["Dashboard:Security:TrustedProxies:0"] = "10.0.0.0/24",
        };
        if (withToken)
        {
            settings["Dashboard:Security:KioskTokens:0:Name"] = "office wall";
            settings["Dashboard:Security:KioskTokens:0:Sha256"] = KioskAccess.Hash(Token);
        }

        return DashboardProcess.StartAsync(_port, settings, _timeout.Token);
    }
}
