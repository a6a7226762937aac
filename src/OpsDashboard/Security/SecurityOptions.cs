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

    /// <summary>
    /// Where the Data Protection keys that seal sign-in and kiosk cookies are kept (relative to the content root): on
    /// the persistent volume, so that a restart does not sign out every person and wall display.
    /// </summary>
    public string KeysPath { get; set; } = "data/keys";

    /// <summary>For <see cref="AccessMode.Oidc"/>: the identity provider and who of its users may sign in.</summary>
    public OidcLoginOptions Oidc { get; set; } = new();

    /// <summary>
    /// Postmortem exports (/timeline/postmortem.md) that may run at once; past it an export gets 503 with Retry-After,
    /// so that a burst of exports cannot starve liveness or the pages.
    /// </summary>
    public int MaxConcurrentExports { get; set; } = 4;

    /// <summary>
    /// Blazor circuits one client may hold open: a signed-in name or kiosk display, or with anonymous access one address;
    /// a reconnect is the same circuit.
    /// </summary>
    public int MaxCircuitsPerClient { get; set; } = 50;

    /// <summary>Blazor circuits open in all.</summary>
    public int MaxCircuits { get; set; } = 1000;
}

/// <summary>Sign-in with an OpenID Connect provider (Keycloak, Okta, Auth0, Google, Dex…): authorization code flow with PKCE.</summary>
public sealed class OidcLoginOptions
{
    /// <summary>The issuer, e.g. https://auth.example.org/realms/sre; its /.well-known/openid-configuration is read.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>The client's secret: give it from a Secret as the environment variable Dashboard__Security__Oidc__ClientSecret.</summary>
    public string? ClientSecret { get; set; }

    public List<string> Scopes { get; set; } = ["openid", "profile", "email"];

    /// <summary>The claim shown as the user's name.</summary>
    public string NameClaim { get; set; } = "email";

    /// <summary>The claim listing the user's groups.</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Users in any of these groups may sign in; empty lets in everyone the provider signs in for this client.</summary>
    public List<string> AllowedGroups { get; set; } = [];

    /// <summary>How long a sign-in lasts without use (sliding); a wall display should use a kiosk token instead.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(12);
}

public enum AccessMode
{
    /// <summary>Only browsers on this machine (loopback) get in: the safe default for <c>dotnet run</c>.</summary>
    LocalOnly,

    /// <summary>A trusted reverse proxy (oauth2-proxy and the like) has signed the user in and names them in a header.</summary>
    ProxyHeader,

    /// <summary>Anyone who can reach the port. Only when explicitly chosen.</summary>
    Anonymous,

    /// <summary>People sign in with the team's OpenID Connect provider (see <see cref="SecurityOptions.Oidc"/>).</summary>
    Oidc,
}

/// <summary>One wall display's token: its name, and the SHA-256 (hex) of the token, never the token itself.</summary>
public sealed class KioskTokenOptions
{
    public string Name { get; set; } = "";

    public string Sha256 { get; set; } = "";
}
