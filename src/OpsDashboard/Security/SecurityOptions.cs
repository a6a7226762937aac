namespace OpsDashboard.Security;

/// <summary>Configuration section <c>Dashboard:Security</c>: who may open the dashboard, and from where.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Dashboard:Security";

    /// <summary>How people are let in; <see cref="AccessMode.LocalOnly"/> unless configured otherwise.</summary>
    public AccessMode Access { get; set; } = AccessMode.LocalOnly;

    /// <summary>For <see cref="AccessMode.ProxyHeader"/>: the header carrying the user (oauth2-proxy: X-Forwarded-Email).</summary>
    public string ProxyHeader { get; set; } = "X-Forwarded-Email";

    /// <summary>For <see cref="AccessMode.ProxyHeader"/>: the proxy's networks; the header from anywhere else is ignored.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>View-only tokens for wall displays: open <c>/kiosk?token=…</c> once; remove an entry to revoke it.</summary>
    public List<KioskTokenOptions> KioskTokens { get; set; } = [];

    /// <summary>Host names the dashboard answers to (<c>*.example.org</c> allowed); requests for others are refused.</summary>
    public List<string> AllowedHosts { get; set; } = ["localhost"];

    /// <summary>Networks whose IP addresses may be used as the Host (load-balancer and kubelet checks by IP).</summary>
    public List<string> AllowedHostNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];
}

public enum AccessMode
{
    /// <summary>Only browsers on this machine (loopback) get in: the safe default for <c>dotnet run</c>.</summary>
    LocalOnly,

    /// <summary>A trusted reverse proxy (oauth2-proxy and the like) has signed the user in and names them in a header.</summary>
    ProxyHeader,

    /// <summary>Anyone who can reach the port. Only when explicitly chosen.</summary>
    Anonymous,
}

/// <summary>One wall display's token: its name, and the SHA-256 (hex) of the token, never the token itself.</summary>
public sealed class KioskTokenOptions
{
    public string Name { get; set; } = "";

    public string Sha256 { get; set; } = "";
}
