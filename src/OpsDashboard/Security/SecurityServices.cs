using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using OpsDashboard.Configuration;

namespace OpsDashboard.Security;

public static class SecurityServices
{
    /// <summary>Only the policy that generating reports needs beyond viewing: a person, not a kiosk display.</summary>
    public const string GenerateReports = "GenerateReports";

    /// <summary>Authentication (kiosk cookie, OpenID Connect, trusted proxy header, loopback) and a fallback policy: nothing is anonymous unless marked.</summary>
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var security = services.AddValidatedOptions<SecurityOptions, SecurityOptionsValidator>(configuration, SecurityOptions.Section);
        var authentication = services.AddAuthentication(DashboardAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, DashboardAuthenticationHandler>(DashboardAuthenticationHandler.SchemeName, _ => { })
            .AddKioskCookie();
        if (security.Access == AccessMode.Oidc)
        {
            authentication.AddOidcLogin();
        }

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(GenerateReports, policy => policy.RequireRole(DashboardAuthenticationHandler.UserRole));
        services.AddCascadingAuthenticationState();
        services.AddScoped<KioskRevocation>();
        services.AddScoped<CircuitHandler, KioskCircuitCheck>();
        services.AddSingleton<CircuitCount>();
        services.AddScoped<CircuitHandler, CircuitCap>();
        services.AddDataProtection().SetApplicationName("OpsDashboard");
        // On the data volume, unless scale-out keeps the key ring in PostgreSQL for every replica (it sets the repository).
        services.AddOptions<KeyManagementOptions>().Configure<IHostEnvironment, IOptions<SecurityOptions>, ILoggerFactory>((keys, host, security, logs) =>
            keys.XmlRepository ??= new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(host.ContentRootPath, security.Value.KeysPath)), logs));
        // Our own X-Frame-Options: DENY (and CSP frame-ancestors) replace antiforgery's SAMEORIGIN.
        // Its cookie is Secure whenever the request is https, also behind a trusted TLS proxy (X-Forwarded-Proto).
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.SuppressXFrameOptionsHeader = true;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    /// <summary>
    /// X-Forwarded-Proto from the trusted proxies only (the TLS-terminating ingress), so that sign-in redirects and
    /// cookies use https; the client address is left alone, since the proxy-header check reads the connection's.
    /// </summary>
    public static IApplicationBuilder UseTrustedForwardedProto(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var security = app.ApplicationServices.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (security.TrustedProxies.Count == 0)
        {
            return app;
        }

        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedProto };
        forwarded.KnownIPNetworks.Clear();
        forwarded.KnownProxies.Clear();
        foreach (var network in security.TrustedProxies)
        {
            forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return app.UseForwardedHeaders(forwarded);
    }
}
