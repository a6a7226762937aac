using System.Net;
using OpsDashboard.Security;
using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Security;

/// <summary>
/// The real app behind a TLS-terminating proxy (X-Forwarded-Proto from a trusted network): HSTS and a Secure
/// antiforgery cookie; and with Access=Oidc against a provider that is down: a page saying so and when to retry.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TlsProxyAndProviderOutageTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Behind_a_trusted_tls_proxy_pages_send_hsts_and_a_secure_antiforgery_cookie_and_plain_http_does_not()
    {
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:Security:Access"] = "ProxyHeader",
            ["Dashboard:Security:TrustedProxies:0"] = "127.0.0.0/8",
            ["Dashboard:Security:AllowedHosts:0"] = "ops.example.org",
        }, _timeout.Token);
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });

        using var viaTls = await http.SendAsync(Page(app, forwardedProto: "https"), _timeout.Token);
        using var plain = await http.SendAsync(Page(app, forwardedProto: null), _timeout.Token);

        Assert.Equal(HttpStatusCode.OK, viaTls.StatusCode);
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, viaTls.Headers.GetValues("Strict-Transport-Security").Single());
        var antiforgery = Assert.Single(viaTls.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        Assert.DoesNotContain("secure", Assert.Single(plain.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task With_the_provider_unreachable_a_page_says_so_and_when_to_retry()
    {
        var downPort = DashboardProcess.FreePort();
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:Security:Access"] = "Oidc",
            ["Dashboard:Security:Oidc:Authority"] = $"http://127.0.0.1:{downPort}/realms/sre",
            ["Dashboard:Security:Oidc:ClientId"] = "opsdashboard",
            ["Dashboard:Security:Oidc:ClientSecret"] = "not-used-while-down",
        }, _timeout.Token);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseUri, "wall"));
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await http.SendAsync(request, _timeout.Token);
        var body = await response.Content.ReadAsStringAsync(_timeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(OidcLogin.ProviderRetry, response.Headers.RetryAfter?.Delta);
        Assert.Contains($"The sign-in provider http://127.0.0.1:{downPort}/realms/sre is unreachable", body, StringComparison.Ordinal);
        Assert.Contains("tries again by itself in 30 s", body, StringComparison.Ordinal);
        Assert.DoesNotContain("not-used-while-down", body, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Page(DashboardProcess app, string? forwardedProto)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseUri, "wall"));
        request.Headers.Host = "ops.example.org";
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add("X-Forwarded-Email", "dave@example.org");
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        return request;
    }
}
