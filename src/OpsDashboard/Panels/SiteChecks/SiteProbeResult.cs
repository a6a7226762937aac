namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// Where the time of one check went, blackbox_exporter's phases: each summed over the redirects followed. DNS is null
/// for an address given as an IP, TLS for plain HTTP; a phase never reached is null too.
/// </summary>
public sealed record ProbePhases(TimeSpan? Dns, TimeSpan? Connect, TimeSpan? Tls, TimeSpan? FirstByte, TimeSpan Total);

/// <summary>One redirect followed: the status that sent the check on, from where, to where.</summary>
public sealed record RedirectHop(int Status, string From, string To);

/// <summary>What one HTTP(S) check of a site found: up or not and why, with its timing, redirects and certificate.</summary>
public sealed record SiteProbeResult(DateTimeOffset At, bool Up, int? Status, ProbePhases Phases, string? Error)
{
    public IReadOnlyList<RedirectHop> Redirects { get; init; } = [];

    /// <summary>The earliest expiry in the certificate chain the server presented; null over plain HTTP.</summary>
    public DateTimeOffset? CertificateExpiry { get; init; }

    /// <summary>The first bytes of the body, as text, kept for the last failing response.</summary>
    public string? BodyStart { get; init; }

    /// <summary>The URL the check ended on, after redirects.</summary>
    public string? FinalUrl { get; init; }
}
