using System.Net;
using System.Text.RegularExpressions;
using OpsDashboard.Security;
using OpsDashboard.Tests.Fakes.Oidc;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Security;

/// <summary>
/// Access=Oidc end to end: the real app over https on loopback, signing people in with a fake OpenID Connect provider
/// that checks the client secret, PKCE and single-use codes as real providers do. The browser is an HttpClient that
/// follows the redirects and the provider's form_post page as a browser would.
/// </summary>
public sealed partial class OidcLoginTests : IAsyncLifetime
{
    private readonly CancellationToken _cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;
    private readonly LoopbackCertificate _certificate = new();
    private FakeOidcProvider _provider = null!;
    private DashboardProcess _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeOidcProvider.StartAsync();
        var port = DashboardProcess.FreePort();
        _provider.RedirectUris.Add($"https://127.0.0.1:{port}/signin-oidc");
        _app = await DashboardProcess.StartAsync(port, Settings(), new DashboardLaunch(_certificate), _cancel);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task A_page_sends_the_user_to_the_provider_and_back_signed_in_with_pkce_and_only_a_name_in_the_cookie()
    {
        var (http, cookies) = Browser();

        var page = await SignInAsync(http, "panels/nodes?cluster=oregon-a");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.EndsWith("/panels/nodes?cluster=oregon-a", page.Address.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("Nodes", page.Body, StringComparison.Ordinal);
        Assert.Equal(1, _provider.TokensIssued);
        Assert.Empty(_provider.Refusals);
        var session = Assert.Single(cookies.GetCookies(_app.BaseUri), c => c.Name.StartsWith("opsdashboard-session", StringComparison.Ordinal));
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.True(session.Value.Length < 1500, $"the session cookie is {session.Value.Length} characters: tokens kept in it?");
        using var reports = await http.GetAsync(new Uri(_app.BaseUri, "reports"), _cancel);
        Assert.Equal(HttpStatusCode.OK, reports.StatusCode);
    }

    [Fact]
    public async Task In_chromium_the_sign_in_lands_on_the_wall_and_its_circuit_goes_live()
    {
        var (playwright, browser) = await TestSupport.Browser.LaunchAsync();
        try
        {
            var context = await browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
            var page = await context.NewPageAsync();

            await page.GotoAsync(new Uri(_app.BaseUri, "wall").ToString());
            await page.WaitForURLAsync(new Uri(_app.BaseUri, "wall").ToString(), new() { Timeout = 30_000 });

            // Prerendered tiles arrive with the page; the heartbeat ticking means the circuit (WebSocket) was let in too.
            await page.WaitForSelectorAsync("[data-heartbeat]", new() { Timeout = 30_000 });
            var clock = await page.InnerTextAsync("[data-heartbeat]");
            await page.WaitForFunctionAsync("c => document.querySelector('[data-heartbeat]').textContent !== c", clock, new() { Timeout = 15_000 });
            Assert.Equal(1, _provider.TokensIssued);
            Assert.Empty(_provider.Refusals);
            await page.GotoAsync(new Uri(_app.BaseUri, "").ToString());
            Assert.StartsWith("dave@example.org", (await page.InnerTextAsync("[data-signed-in]")).Trim(), StringComparison.Ordinal);
            Assert.Equal(OidcLogin.SignOutPath, await page.GetAttributeAsync("[data-signed-in] a", "href"));
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    [Fact]
    public async Task Groups_from_userinfo_count_and_a_user_outside_the_allowed_groups_is_told_why_and_not_let_in()
    {
        _provider.GroupsOnlyFromUserInfo = true;
        _provider.User = new SignedInUser("9b2e", "eve@example.org", ["marketing"]);
        var (http, _) = Browser();

        var refused = await SignInAsync(http, "");
        using var again = await http.GetAsync(new Uri(_app.BaseUri, "wall"), _cancel);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains("You are signed in as eve@example.org, but OpsDashboard lets in only members of sre", refused.Body, StringComparison.Ordinal);
        Assert.Contains("the provider says you are in marketing", refused.Body, StringComparison.Ordinal);
        Assert.Equal(1, _provider.UserInfoRequests);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.StartsWith(_provider.Issuer.AbsoluteUri, again.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_that_are_not_pages_get_a_401_not_a_redirect_to_the_provider()
    {
        var (http, _) = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_app.BaseUri, "_blazor/negotiate?negotiateVersion=1"));

        using var response = await http.SendAsync(request, _cancel);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Sign in first", await response.Content.ReadAsStringAsync(_cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_here_and_at_the_provider()
    {
        var (http, _) = Browser();
        await SignInAsync(http, "");

        var signedOut = await FollowAsync(http, new Uri(_app.BaseUri, "signout"));
        using var after = await http.GetAsync(new Uri(_app.BaseUri, "wall"), _cancel);

        Assert.Equal(1, _provider.EndSessionRequests);
        Assert.Contains("You are signed out of OpsDashboard", signedOut.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith(_provider.Issuer.AbsoluteUri, after.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_oidc_setup_is_refused_at_start_with_what_to_fix()
    {
        var result = new SecurityOptionsValidator().Validate(null, new SecurityOptions
        {
            Access = AccessMode.Oidc,
            Oidc = new OidcLoginOptions { Authority = "http://auth.example.org/realms/sre", Scopes = ["profile"], AllowedGroups = [""] },
        });

        Assert.Collection(
            result.Failures!,
            f => Assert.Contains("Authority http://auth.example.org/realms/sre is plain http", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Security:Oidc:ClientId is empty", f, StringComparison.Ordinal),
            f => Assert.Contains("Dashboard__Security__Oidc__ClientSecret", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Security:Oidc:Scopes must include openid", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Dashboard:Security:Oidc:AllowedGroups has an empty entry", f, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_the_sign_in_with_a_sentence_and_without_the_secret()
    {
        await _app.DisposeAsync();
        var port = DashboardProcess.FreePort();
        _provider.RedirectUris.Add($"https://127.0.0.1:{port}/signin-oidc");
        var settings = Settings();
        settings["Dashboard:Security:Oidc:ClientSecret"] = "a-stale-secret-4411";
        _app = await DashboardProcess.StartAsync(port, settings, new DashboardLaunch(_certificate), _cancel);
        var (http, _) = Browser();

        var failed = await SignInAsync(http, "");

        Assert.Equal(HttpStatusCode.BadGateway, failed.Status);
        Assert.Contains($"Signing in with {_provider.Issuer.AbsoluteUri.TrimEnd('/')} failed", failed.Body, StringComparison.Ordinal);
        Assert.Contains($"https://127.0.0.1:{port}/signin-oidc as a redirect URI", failed.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("a-stale-secret-4411", failed.Body, StringComparison.Ordinal);
        Assert.Contains(_provider.Refusals, r => r.StartsWith("invalid_client", StringComparison.Ordinal));
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Dashboard:Security:Access"] = "Oidc",
        ["Dashboard:Security:Oidc:Authority"] = _provider.Issuer.AbsoluteUri.TrimEnd('/'),
        ["Dashboard:Security:Oidc:ClientId"] = FakeOidcProvider.ClientId,
        ["Dashboard:Security:Oidc:ClientSecret"] = FakeOidcProvider.ClientSecret,
        ["Dashboard:Security:Oidc:AllowedGroups:0"] = "sre",
        ["Dashboard:History:Enabled"] = "false",
    };

    private (HttpClient Http, CookieContainer Cookies) Browser()
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(_certificate.TrustingHandler(cookies));
        http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml");
        return (http, cookies);
    }

    /// <summary>Opens a page of the app and follows redirects and the provider's form_post page until a page answers.</summary>
    private Task<Page> SignInAsync(HttpClient http, string path) => FollowAsync(http, new Uri(_app.BaseUri, path));

    private async Task<Page> FollowAsync(HttpClient http, Uri address)
    {
        using var first = new HttpRequestMessage(HttpMethod.Get, address);
        var request = first;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await http.SendAsync(request, _cancel);
            var body = await response.Content.ReadAsStringAsync(_cancel);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            {
                address = new Uri(address, response.Headers.Location!);
                request = new HttpRequestMessage(HttpMethod.Get, address);
                continue;
            }

            if (FormPost().Match(body) is { Success: true } form)
            {
                address = new Uri(WebUtility.HtmlDecode(form.Groups["action"].Value));
                request = new HttpRequestMessage(HttpMethod.Post, address)
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = form.Groups["code"].Value, ["state"] = WebUtility.HtmlDecode(form.Groups["state"].Value) }),
                };
                continue;
            }

            return new Page(response.StatusCode, address, body);
        }

        throw new InvalidOperationException($"More than 10 hops from {address}; the provider refused: {string.Join("; ", _provider.Refusals)}");
    }

    [GeneratedRegex("""<form method="post" action="(?<action>[^"]+)"><input type="hidden" name="code" value="(?<code>[^"]+)"><input type="hidden" name="state" value="(?<state>[^"]+)">""")]
    private static partial Regex FormPost();

    private sealed record Page(HttpStatusCode Status, Uri Address, string Body);
}
