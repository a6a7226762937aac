namespace OpsDashboard.Panels.SiteChecks;

/// <summary>Configuration section <c>Dashboard:SiteChecks</c>: the public sites checked from outside, as their users reach them.</summary>
public sealed class SiteChecksOptions
{
    public const string Section = "Dashboard:SiteChecks";

    public List<SiteCheckOptions> Sites { get; set; } = [];
}

/// <summary>One site: what to ask, how often, and what counts as up.</summary>
public sealed class SiteCheckOptions
{
    public string Name { get; set; } = "";

    /// <summary>The tile the site is counted under ("3 / 3 up"); sites without one share the tile <see cref="DefaultGroup"/>.</summary>
    public string Group { get; set; } = DefaultGroup;

    public const string DefaultGroup = "sites";

    public string Url { get; set; } = "";

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The whole check, redirects and body included: past it the check has failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The status the final response must have; null accepts any 2xx.</summary>
    public int? ExpectStatus { get; set; }

    /// <summary>Text the body must contain (ordinal, case-sensitive), e.g. "Mozilla"; null checks no body.</summary>
    public string? ExpectText { get; set; }

    /// <summary>Consecutive results that change the site's state, either way: 3 means three failed checks before it is down.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>The availability objective, e.g. 0.999 for 99.9 % of checks up.</summary>
    public double Objective { get; set; } = 0.999;

    public int MaxRedirects { get; set; } = 10;

    /// <summary>
    /// A PromQL label selector of blackbox_exporter's probes of this site, e.g. <c>job="blackbox",instance="https://developer.mozilla.org/"</c>:
    /// when set the site is not asked, its probes are read from Dashboard:Prometheus.
    /// </summary>
    public string? Blackbox { get; set; }
}
