using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace OpsDashboard.Security;

/// <summary>
/// Sign-in with the team's OpenID Connect provider (Access=Oidc): the authorization code flow with PKCE, the user's
/// name and groups from the ID token and userinfo, a group allow-list, then a session cookie that holds only the name
/// (no tokens are kept). Registered only when Access=Oidc.
/// </summary>
public static class OidcLogin
{
    public const string SchemeName = "Oidc";
    public const string SessionScheme = "OidcSession";
    public const string SignOutPath = "/signout";
    public const string SignedOutPath = "/signed-out";

    /// <summary>How long after a failed read of the provider's metadata it is read again (and what the page tells people to wait).</summary>
    public static readonly TimeSpan ProviderRetry = TimeSpan.FromSeconds(30);

    public static AuthenticationBuilder AddOidcLogin(this AuthenticationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCookie(SessionScheme).AddOpenIdConnect(SchemeName, _ => { });
        builder.Services.AddOptions<CookieAuthenticationOptions>(SessionScheme).Configure<IOptions<SecurityOptions>>((cookie, security) =>
        {
            cookie.Cookie.Name = "opsdashboard-session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = security.Value.Oidc.SessionLifetime;
            cookie.SlidingExpiration = true;
        });
        builder.Services.AddOptions<OpenIdConnectOptions>(SchemeName).Configure<IOptions<SecurityOptions>>((oidc, security) => Configure(oidc, security.Value.Oidc));
        return builder;
    }

    /// <summary>GET /signout ends the dashboard's session and, when the provider offers it, the provider's.</summary>
    public static void MapOidcSignOut(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<SecurityOptions>>().Value.Access != AccessMode.Oidc)
        {
            return;
        }

        endpoints.MapGet(SignOutPath, () => Results.SignOut(new AuthenticationProperties { RedirectUri = SignedOutPath }, [SessionScheme, SchemeName])).AllowAnonymous();
        endpoints.MapGet(SignedOutPath, () => Results.Content(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out · OpsDashboard</title></head>" +
            "<body><p>You are signed out of OpsDashboard. <a href=\"/\">Sign in again</a></p></body></html>", "text/html; charset=utf-8")).AllowAnonymous();
    }

    /// <summary>The user's groups: one claim per group, whether they came in the ID token or from userinfo.</summary>
    private static IReadOnlyList<string> Groups(ClaimsPrincipal principal, string groupsClaim)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return [.. principal.FindAll(groupsClaim).Select(c => c.Value)];
    }

    private static void Configure(OpenIdConnectOptions oidc, OidcLoginOptions options)
    {
        oidc.Authority = options.Authority;
        oidc.ClientId = options.ClientId;
        oidc.ClientSecret = options.ClientSecret;
        oidc.SignInScheme = SessionScheme;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;
        oidc.SaveTokens = false;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.RefreshInterval = ProviderRetry;
        oidc.RequireHttpsMetadata = !Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || !authority.IsLoopback;
        oidc.Scope.Clear();
        foreach (var scope in options.Scopes)
        {
            oidc.Scope.Add(scope);
        }

        oidc.TokenValidationParameters.NameClaimType = options.NameClaim;
        oidc.ClaimActions.MapUniqueJsonKey(options.NameClaim, options.NameClaim);
        oidc.ClaimActions.MapJsonKey(options.GroupsClaim, options.GroupsClaim);
        oidc.Events = new OpenIdConnectEvents
        {
            OnTicketReceived = context => Admit(context, options),
            OnRemoteFailure = context => Explain(context, options),
        };
    }

    /// <summary>Lets the user in (as a dashboard user, with only their name in the cookie) or says why not.</summary>
    private static async Task Admit(TicketReceivedContext context, OidcLoginOptions options)
    {
        var principal = context.Principal!;
        var name = principal.FindFirst(options.NameClaim)?.Value ?? principal.FindFirst("sub")?.Value;
        var groups = Groups(principal, options.GroupsClaim);
        if (name is null || (options.AllowedGroups.Count > 0 && !groups.Intersect(options.AllowedGroups, StringComparer.Ordinal).Any()))
        {
            context.HandleResponse();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(name is null
                ? $"The identity provider signed you in but sent neither a {options.NameClaim} nor a sub claim; ask for the {options.NameClaim} scope or set Dashboard:Security:Oidc:NameClaim."
                : $"You are signed in as {name}, but OpsDashboard lets in only members of {string.Join(", ", options.AllowedGroups)} " +
                  $"(Dashboard:Security:Oidc:AllowedGroups); the provider says you are in {(groups.Count == 0 ? "no groups" : string.Join(", ", groups))}. Ask an admin to add you. Sign out: {SignOutPath}");
            return;
        }

        context.Principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, DashboardAuthenticationHandler.UserRole)],
            SessionScheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    /// <summary>503 with Retry-After: the provider's metadata could not be read, so nobody can be sent to sign in now.</summary>
    public static async Task WriteProviderUnreachableAsync(HttpContext context, OidcLoginOptions options, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(failure);
        var seconds = (int)ProviderRetry.TotalSeconds;
        var reason = failure.GetBaseException().Message;
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        Func<string?, string?> e = System.Net.WebUtility.HtmlEncode;
        await context.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"{seconds}\"><title>Sign-in unavailable · OpsDashboard</title></head>" +
            $"<body><p data-provider-unreachable>The sign-in provider {e(options.Authority)} is unreachable, so OpsDashboard cannot sign you in right now: {e(reason)}</p>" +
            $"<p>This page tries again by itself in {seconds} s. If it keeps failing, check that the provider is up and that Dashboard:Security:Oidc:Authority is its issuer URL.</p></body></html>");
    }

    private static async Task Explain(RemoteFailureContext context, OidcLoginOptions options)
    {
        context.HandleResponse();
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var callback = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Options.CallbackPath}";
        await context.Response.WriteAsync(
            $"Signing in with {options.Authority} failed: {context.Failure?.Message ?? "no reason given"}\n\n" +
            $"Try again from the start page (/). If it keeps failing, check Dashboard:Security:Oidc: the ClientId and ClientSecret, " +
            $"and that the provider has {callback} as a redirect URI for this client.");
    }
}
