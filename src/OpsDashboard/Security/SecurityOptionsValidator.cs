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

        if (options.AllowedHosts.Count == 0)
        {
            errors.Add($"{s}:AllowedHosts is empty: list the names the dashboard is reached by (e.g. ops.example.org), or \"*\" for any.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
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
