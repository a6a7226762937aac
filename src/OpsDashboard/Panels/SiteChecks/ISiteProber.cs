namespace OpsDashboard.Panels.SiteChecks;

/// <summary>Makes one check of a site: by asking it (<see cref="SiteProber"/>) or by reading blackbox_exporter's last probe (<see cref="BlackboxSiteProber"/>).</summary>
public interface ISiteProber
{
    Task<SiteProbeResult> ProbeAsync(SiteCheckOptions site, CancellationToken cancellationToken);
}

/// <summary>The checks' upstream could not be read (Prometheus is down): the site's tile says so, and no check is counted for or against the site.</summary>
public sealed class SiteCheckUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
