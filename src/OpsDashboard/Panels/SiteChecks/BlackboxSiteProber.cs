using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// Where the team already runs blackbox_exporter: one check is its latest probe of the site as Prometheus holds it
/// (<c>probe_success</c>, <c>probe_http_status_code</c>, <c>probe_ssl_earliest_cert_expiry</c>, <c>probe_duration_seconds</c>
/// and the phases of <c>probe_http_duration_seconds</c>), read through the shared Prometheus client.
/// </summary>
public sealed class BlackboxSiteProber(PrometheusClient prometheus, TimeProvider time) : ISiteProber
{
    private static readonly (string Phase, string Label)[] Phases = [("resolve", "dns"), ("connect", "connect"), ("tls", "tls"), ("processing", "first byte")];

    public async Task<SiteProbeResult> ProbeAsync(SiteCheckOptions site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var selector = site.Blackbox ?? throw new ArgumentException($"{site.Name} has no Blackbox selector.", nameof(site));
        var now = time.GetUtcNow();
        try
        {
            var success = await LatestAsync($"probe_success{{{selector}}}", now, cancellationToken)
                ?? throw new SiteCheckUnavailableException($"Prometheus has no probe_success{{{selector}}} in the last 5 min: is blackbox_exporter probing {site.Url}?");
            var status = await LatestAsync($"probe_http_status_code{{{selector}}}", now, cancellationToken);
            var expiry = await LatestAsync($"probe_ssl_earliest_cert_expiry{{{selector}}}", now, cancellationToken);
            var total = await LatestAsync($"probe_duration_seconds{{{selector}}}", now, cancellationToken);
            var phases = new TimeSpan?[Phases.Length];
            for (var i = 0; i < Phases.Length; i++)
            {
                phases[i] = await LatestAsync($"sum(probe_http_duration_seconds{{{selector},phase=\"{Phases[i].Phase}\"}})", now, cancellationToken) is { } s ? TimeSpan.FromSeconds(s) : null;
            }

            var up = success >= 1;
            var code = status is { } st && st > 0 ? (int?)st : null;
            return new SiteProbeResult(now, up, code, new ProbePhases(phases[0], phases[1], phases[2], phases[3], TimeSpan.FromSeconds(total ?? 0)),
                up ? null : $"blackbox_exporter: probe failed{(code is { } c ? $", HTTP {c}" : ", no HTTP answer")}")
            {
                CertificateExpiry = expiry is { } e && e > 0 ? DateTimeOffset.FromUnixTimeSeconds((long)e) : null,
                FinalUrl = site.Url,
            };
        }
        catch (PrometheusException ex)
        {
            throw new SiteCheckUnavailableException(ex.Message, ex);
        }
    }

    private async Task<double?> LatestAsync(string query, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await prometheus.QueryRangeAsync(query, now, now, TimeSpan.FromSeconds(15), cancellationToken)).Latest;

}
