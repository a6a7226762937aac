using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Security;

public static class SecurityServices
{
    /// <summary>Only the policy that generating reports needs beyond viewing: a person, not a kiosk display.</summary>
    public const string GenerateReports = "GenerateReports";

    /// <summary>Authentication (kiosk cookie, trusted proxy header, loopback) and a fallback policy: nothing is anonymous unless marked.</summary>
    public static IServiceCollection AddDashboardSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddAuthentication(DashboardAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, DashboardAuthenticationHandler>(DashboardAuthenticationHandler.SchemeName, _ => { })
            .AddKioskCookie();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(GenerateReports, policy => policy.RequireRole(DashboardAuthenticationHandler.UserRole));
        services.AddCascadingAuthenticationState();
        // Our own X-Frame-Options: DENY (and CSP frame-ancestors) replace antiforgery's SAMEORIGIN.
        services.AddAntiforgery(antiforgery => antiforgery.SuppressXFrameOptionsHeader = true);
        return services;
    }
}
