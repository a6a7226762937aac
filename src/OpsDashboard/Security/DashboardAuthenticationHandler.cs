using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Security;

/// <summary>
/// Decides who a request is: a kiosk display (its cookie), a user signed in with the OpenID Connect provider (the
/// session cookie), a user named by a trusted proxy, a browser on this machine, or nobody. Nobody is sent to the
/// provider to sign in (Access=Oidc, a page) or gets a 401 that says how to configure access; a kiosk asking for more
/// than viewing gets a 403.
/// </summary>
public sealed class DashboardAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, IOptionsMonitor<SecurityOptions> security)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "Dashboard";
    public const string UserRole = "user";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var kiosk = await Context.AuthenticateAsync(KioskAccess.SchemeName);
        if (kiosk.Succeeded)
        {
            return AuthenticateResult.Success(new AuthenticationTicket(kiosk.Principal, SchemeName));
        }

        var options = security.CurrentValue;
        if (options.Access == AccessMode.Oidc)
        {
            var session = await Context.AuthenticateAsync(OidcLogin.SessionScheme);
            return session.Succeeded ? AuthenticateResult.Success(new AuthenticationTicket(session.Principal, SchemeName)) : AuthenticateResult.NoResult();
        }

        var remote = Context.Connection.RemoteIpAddress;
        return options.Access switch
        {
            AccessMode.Anonymous => User("anonymous", remote),
            AccessMode.LocalOnly when remote is not null && IPAddress.IsLoopback(remote) => User("local"),
            AccessMode.ProxyHeader when remote is not null && Request.Headers[options.ProxyHeader] is [{ Length: > 0 } name]
                && options.TrustedProxies.Any(n => IPNetwork.Parse(n).Contains(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)) => User(name),
            _ => AuthenticateResult.NoResult(),
        };
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (KioskAccess.RevokedDisplay(Context) is { } display)
        {
            // Before any sign-in redirect: a wall display cannot sign in, and must say why it went dark.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.ContentType = "text/html; charset=utf-8";
            await Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Kiosk token revoked · OpsDashboard</title></head>" +
                $"<body><p data-kiosk-revoked>The kiosk token of this display ({System.Net.WebUtility.HtmlEncode(display)}) was revoked: it no longer shows the dashboard. " +
                "To show it again, open /kiosk?token=… with a token listed in Dashboard:Security:KioskTokens.</p></body></html>");
            return;
        }

        if (security.CurrentValue.Access == AccessMode.Oidc && HttpMethods.IsGet(Request.Method) && Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            // A page: off to the provider, and back to the same address afterwards.
            try
            {
                await Context.ChallengeAsync(OidcLogin.SchemeName, new AuthenticationProperties { RedirectUri = $"{Request.PathBase}{Request.Path}{Request.QueryString}" });
            }
            catch (InvalidOperationException ex) when (!Response.HasStarted)
            {
                // The provider's metadata could not be read: a page that says so, not a blank 500.
                await OidcLogin.WriteProviderUnreachableAsync(Context, security.CurrentValue.Oidc, ex);
            }

            return;
        }

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync(security.CurrentValue.Access switch
        {
            AccessMode.ProxyHeader => "Sign in through the dashboard's login proxy. (Requests that bypass it are not trusted.)",
            AccessMode.Oidc => "Sign in first: open the dashboard's start page (/) in a browser.",
            _ => "OpsDashboard answers only browsers on its own machine until access is configured: set Dashboard:Security:Access " +
                 "to ProxyHeader (behind oauth2-proxy) or Anonymous, or open a wall display with its kiosk token. See docs/security.md.",
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        Response.ContentType = "text/plain; charset=utf-8";
        await Response.WriteAsync("This display signed in with a view-only kiosk token: it can show the dashboard but not generate reports.");
    }

    private static AuthenticateResult User(string name, IPAddress? address = null)
    {
        List<Claim> claims = [new(ClaimTypes.Name, name), new(ClaimTypes.Role, UserRole)];
        if (address is not null)
        {
            claims.Add(new Claim(CircuitCount.AddressClaim, (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }
}
