using System.Net;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Security;

/// <summary>
/// Response headers every page gets (a CSP that allows only the app's own scripts, no framing, no sniffing, no
/// referrer), and Host filtering that also accepts IP addresses from configured networks (health checks by IP).
/// </summary>
public static class SecurityHeaders
{
    // Blazor Server needs no inline script or eval; MudBlazor writes inline styles; the circuit is a same-origin WebSocket.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>A year, this host only: the dashboard's name should not pin its neighbours to https.</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (context.Request.IsHttps && !IsLoopbackHost(context.Request.Host.Host))
        {
            // https here or at a trusted TLS proxy (X-Forwarded-Proto is read first); loopback is left out, as UseHsts does.
            headers.StrictTransportSecurity = StrictTransportSecurity;
        }

        await next(context);
    });

    /// <summary>Refuses requests for host names not configured; health endpoints answer whatever the Host.</summary>
    public static IApplicationBuilder UseHostAllowList(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var options = context.RequestServices.GetRequiredService<IOptionsMonitor<SecurityOptions>>().CurrentValue;
        if (context.Request.Path.StartsWithSegments("/healthz") || IsAllowed(options, context.Request.Host.Host))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"Host \"{context.Request.Host.Host}\" is not one this dashboard answers to: add it to Dashboard:Security:AllowedHosts (names) or AllowedHostNetworks (IP addresses).");
    });

    private static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    public static bool IsAllowed(SecurityOptions options, string host)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            return options.AllowedHostNetworks.Any(n => IPNetwork.TryParse(n, out var network) && network.Contains(ip));
        }

        return options.AllowedHosts.Any(allowed => allowed == "*"
            || string.Equals(allowed, host, StringComparison.OrdinalIgnoreCase)
            || (allowed.StartsWith("*.", StringComparison.Ordinal) && host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)));
    }
}
