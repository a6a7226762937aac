using System.Net;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Security;

/// <summary>Checks Dashboard:Security at start.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = SecurityOptions.Section;
        if (options.Access == AccessMode.ProxyHeader)
        {
            if (options.TrustedProxies.Count == 0)
            {
                errors.Add($"{s}:TrustedProxies is empty: with Access=ProxyHeader, list the proxy's networks (e.g. 10.0.0.0/8), or anyone could send the header.");
            }

            if (string.IsNullOrWhiteSpace(options.ProxyHeader))
            {
                errors.Add($"{s}:ProxyHeader is empty: name the header that carries the user, e.g. X-Forwarded-Email.");
            }
        }

        if (options.Access == AccessMode.Oidc)
        {
            CheckOidc(errors, options.Oidc);
        }

        CheckNetworks(errors, $"{s}:TrustedProxies", options.TrustedProxies);
        CheckNetworks(errors, $"{s}:AllowedHostNetworks", options.AllowedHostNetworks);
        for (var i = 0; i < options.KioskTokens.Count; i++)
        {
            var token = options.KioskTokens[i];
            if (string.IsNullOrWhiteSpace(token.Name) || token.Sha256.Length != 64 || !token.Sha256.All(Uri.IsHexDigit))
            {
                errors.Add($"{s}:KioskTokens:{i} needs a Name and the token's SHA-256 as 64 hex digits (make one: head -c 32 /dev/urandom | base64 | tr -d '=+/' > token; sha256sum token).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.KeysPath))
        {
            errors.Add($"{s}:KeysPath is empty: give a directory on the persistent volume for the cookie keys, e.g. /data/keys.");
        }

        if (options.AllowedHosts.Count == 0)
        {
            errors.Add($"{s}:AllowedHosts is empty: list the names the dashboard is reached by (e.g. ops.example.org), or \"*\" for any.");
        }

        if (options.MaxConcurrentExports is < 1 or > 64)
        {
            errors.Add($"{s}:MaxConcurrentExports must be between 1 and 64 (default 4); got {options.MaxConcurrentExports}.");
        }

        if (options.MaxCircuitsPerClient < 1 || options.MaxCircuits < options.MaxCircuitsPerClient)
        {
            errors.Add($"{s}:MaxCircuitsPerClient must be at least 1 and {s}:MaxCircuits at least as large (defaults 50 and 1000); got {options.MaxCircuitsPerClient} and {options.MaxCircuits}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckOidc(List<string> errors, OidcLoginOptions oidc)
    {
        const string o = SecurityOptions.Section + ":Oidc";
        if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            errors.Add($"{o}:Authority \"{oidc.Authority}\" is not the provider's issuer URL, e.g. https://auth.example.org/realms/sre.");
        }
        else if (authority.Scheme == "http" && !authority.IsLoopback)
        {
            errors.Add($"{o}:Authority {oidc.Authority} is plain http: sign-in keys and tokens would cross the network unprotected; use https (http is accepted only on loopback, for testing).");
        }

        if (string.IsNullOrWhiteSpace(oidc.ClientId))
        {
            errors.Add($"{o}:ClientId is empty: give the client id registered for the dashboard at the provider.");
        }

        if (string.IsNullOrWhiteSpace(oidc.ClientSecret))
        {
            errors.Add($"{o}:ClientSecret is empty: give the client's secret from a Kubernetes Secret as the environment variable Dashboard__Security__Oidc__ClientSecret.");
        }

        if (!oidc.Scopes.Contains("openid", StringComparer.Ordinal))
        {
            errors.Add($"{o}:Scopes must include openid (got: {string.Join(' ', oidc.Scopes)}).");
        }

        if (string.IsNullOrWhiteSpace(oidc.NameClaim) || string.IsNullOrWhiteSpace(oidc.GroupsClaim))
        {
            errors.Add($"{o}:NameClaim and {o}:GroupsClaim name claims of the provider's tokens, e.g. email and groups; neither may be empty.");
        }

        if (oidc.AllowedGroups.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add($"{o}:AllowedGroups has an empty entry: list group names, or leave the list out to let in everyone the provider signs in.");
        }

        if (oidc.SessionLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{o}:SessionLifetime must be a positive duration such as 12:00:00; got {oidc.SessionLifetime}.");
        }
    }

    private static void CheckNetworks(List<string> errors, string key, List<string> networks)
    {
        for (var i = 0; i < networks.Count; i++)
        {
            if (!IPNetwork.TryParse(networks[i], out _))
            {
                errors.Add($"{key}:{i} \"{networks[i]}\" is not a network in CIDR form such as 10.0.0.0/8 or fd00::/8.");
            }
        }
    }
}
