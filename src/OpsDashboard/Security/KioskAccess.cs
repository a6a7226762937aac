using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Security;

/// <summary>
/// View-only access for wall displays: <c>/kiosk?token=…</c> checks the token against the configured SHA-256 hashes and
/// leaves a long-lived cookie; every request re-checks that the token is still configured, so removing it revokes it.
/// </summary>
public static class KioskAccess
{
    public const string SchemeName = "Kiosk";
    public const string Role = "kiosk";
    private const string HashClaim = "kiosk-token-sha256";

    /// <summary>Set on a request whose kiosk cookie names a token no longer configured, so the 401 can say it was revoked.</summary>
    private const string RevokedItem = "kiosk-revoked";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The configured token whose hash matches, compared in constant time.</summary>
    public static KioskTokenOptions? Find(SecurityOptions options, string? token)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var hash = Encoding.ASCII.GetBytes(Hash(token));
        return options.KioskTokens.FirstOrDefault(t => CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(t.Sha256.ToLowerInvariant())));
    }

    /// <summary>The SHA-256 of the token a kiosk display signed in with, or null for anyone who is not a kiosk.</summary>
    public static string? TokenHash(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(HashClaim);
    }

    /// <summary>Whether the token with this hash is still configured: removing its entry revokes it.</summary>
    public static bool IsConfigured(SecurityOptions options, string hash)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.KioskTokens.Any(t => string.Equals(t.Sha256, hash, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The display's name when this request came with the cookie of a revoked token.</summary>
    public static string? RevokedDisplay(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[RevokedItem] as string;
    }

    public static AuthenticationBuilder AddKioskCookie(this AuthenticationBuilder builder) => builder.AddCookie(SchemeName, cookie =>
    {
        cookie.Cookie.Name = "opsdashboard-kiosk";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Lax;
        cookie.ExpireTimeSpan = TimeSpan.FromDays(30);
        cookie.SlidingExpiration = true;
        cookie.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = async context =>
            {
                var options = context.HttpContext.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
                var hash = context.Principal?.FindFirstValue(HashClaim);
                if (hash is null || !IsConfigured(options, hash))
                {
                    context.HttpContext.Items[RevokedItem] = context.Principal?.Identity?.Name ?? "kiosk";
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(SchemeName);
                }
            },
        };
    });

    /// <summary>Who a display signed in with this token is: view-only, named after its entry, holding only the token's hash.</summary>
    public static ClaimsPrincipal Principal(KioskTokenOptions kiosk)
    {
        ArgumentNullException.ThrowIfNull(kiosk);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"kiosk {kiosk.Name}"), new Claim(ClaimTypes.Role, Role), new Claim(HashClaim, kiosk.Sha256.ToLowerInvariant())], SchemeName));
    }

    /// <summary>GET /kiosk?token=…: signs a display in as view-only and sends it to the wall.</summary>
    public static void MapKiosk(this IEndpointRouteBuilder endpoints) => endpoints.MapGet("/kiosk", async (HttpContext context, IOptionsMonitor<SecurityOptions> security) =>
    {
        if (Find(security.CurrentValue, context.Request.Query["token"]) is not { } kiosk)
        {
            return Results.Text("Unknown or revoked kiosk token.", "text/plain", statusCode: StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(SchemeName, Principal(kiosk), new AuthenticationProperties { IsPersistent = true });
        return Results.Redirect("/wall");
    }).AllowAnonymous();
}
