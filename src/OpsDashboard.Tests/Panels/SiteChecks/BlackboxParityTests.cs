using System.Globalization;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Tests.Fakes.SiteChecks;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>
/// The site checks' own prober against Debian's real blackbox_exporter, the tool teams already trust for this: the same
/// loopback sites (good, redirected, wrong body, 503, 202, hanging, refused, HTTPS trusted and expiring in 5 days,
/// HTTPS nobody trusts, a redirect loop), each checked by both with the same expectations, must get the same verdict,
/// status, redirect count and certificate expiry. The timings are each prober's own and not compared here; the
/// site-checks benchmark sets them side by side.
/// </summary>
public sealed class BlackboxParityTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _trusted = FakeSiteCertificate.Expiring(TimeSpan.FromDays(5));
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2 _untrusted = FakeSiteCertificate.Expiring(TimeSpan.FromDays(30));
    private FakeSite _site = null!;
    private FakeSite _https = null!;
    private FakeSite _httpsUntrusted = null!;
    private BlackboxExporterServer _blackbox = null!;

    // A port bound and not listening: connecting to it is refused, and nothing else can take it while the test runs.
    private readonly System.Net.Sockets.Socket _refused = new(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);

    public async Task InitializeAsync()
    {
        _site = await FakeSite.StartAsync();
        _https = await FakeSite.StartAsync(_trusted);
        _httpsUntrusted = await FakeSite.StartAsync(_untrusted);
        var pem = _trusted.ExportCertificatePem();

        // Each module is what one site's settings ask of our prober: the same body keyword, status, timeout and trust.
        _blackbox = await BlackboxExporterServer.StartAsync(dir =>
        {
            File.WriteAllText(Path.Combine(dir, "ca.pem"), pem);
            return $$"""
                  any:
                    prober: http
                    timeout: 30s
                    http: { preferred_ip_protocol: ip4 }
                  mozilla:
                    prober: http
                    timeout: 30s
                    http: { preferred_ip_protocol: ip4, fail_if_body_not_matches_regexp: ["Mozilla"] }
                  status200:
                    prober: http
                    timeout: 30s
                    http: { preferred_ip_protocol: ip4, valid_status_codes: [200] }
                  short:
                    prober: http
                    timeout: 2s
                    http: { preferred_ip_protocol: ip4 }
                  mozilla_ca:
                    prober: http
                    timeout: 30s
                    http: { preferred_ip_protocol: ip4, fail_if_body_not_matches_regexp: ["Mozilla"], tls_config: { ca_file: {{Path.Combine(dir, "ca.pem")}} } }
                """;
        }, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        // Also after a failed InitializeAsync: what it did not start is null.
        foreach (var started in new IAsyncDisposable?[] { _blackbox, _site, _https, _httpsUntrusted })
        {
            if (started is not null)
            {
                await started.DisposeAsync();
            }
        }

        _refused.Dispose();
        _trusted.Dispose();
        _untrusted.Dispose();
        _timeout.Dispose();
    }

    /// <summary>What both say of one check, in the same words: up, HTTP status (0 without a response), redirects followed, certificate expiry (Unix seconds).</summary>
    private sealed record Verdict(string Site, bool Up, int Status, int Redirects, long? CertificateExpiry);

    [Fact]
    public async Task Both_probers_give_every_site_the_same_verdict_status_redirects_and_certificate_expiry()
    {
        using var hanging = new FakeHangingSite();
        _site.Set("/final", new FakePage("<title>Mozilla</title>"));
        _site.Set("/mid", new FakePage("", 302) { RedirectTo = "/final" });
        var cases = new (string Name, Uri Url, string Module, SiteCheckOptions Ours)[]
        {
            ("good", _site.Set("/ok", new FakePage("<title>Mozilla</title>")), "mozilla", Site("Mozilla")),
            ("redirected twice", _site.Set("/old", new FakePage("", 301) { RedirectTo = _site.Url("/mid").ToString() }), "mozilla", Site("Mozilla")),
            ("wrong body", _site.Set("/maintenance", new FakePage("<html>Under maintenance</html>")), "mozilla", Site("Mozilla")),
            ("503", _site.Set("/unavailable", new FakePage("<title>Mozilla</title>", 503)), "mozilla", Site("Mozilla")),
            ("202, any 2xx", _site.Set("/accepted", new FakePage("", 202)), "any", Site()),
            ("202, 200 expected", _site.Set("/accepted-strict", new FakePage("", 202)), "status200", Site(status: 200)),
            ("hanging", hanging.Url, "short", Site(timeout: TimeSpan.FromSeconds(2))),
            ("refused", RefusedUrl(), "any", Site()),
            ("HTTPS trusted, 5 days left", _https.Set("/", new FakePage("<title>Mozilla</title>")), "mozilla_ca", Site("Mozilla")),
            ("HTTPS nobody trusts", _httpsUntrusted.Set("/", new FakePage("<title>Mozilla</title>")), "mozilla_ca", Site("Mozilla")),
            ("redirect loop", _site.Set("/loop", new FakePage("", 302) { RedirectTo = "/loop" }), "any", Site()),
        };
        var prober = new SiteProber(TimeProvider.System, [_trusted]);

        var ours = await Task.WhenAll(cases.Select(async c =>
        {
            var site = c.Ours;
            (site.Name, site.Url) = (c.Name, c.Url.ToString());
            var result = await prober.ProbeAsync(site, _timeout.Token);
            return new Verdict(c.Name, result.Up, result.Status ?? 0, result.Redirects.Count, result.CertificateExpiry?.ToUnixTimeSeconds());
        }));
        var theirs = await Task.WhenAll(cases.Select(async c =>
        {
            var probe = await _blackbox.ProbeAsync(c.Url, c.Module, _timeout.Token);
            return new Verdict(c.Name, probe["probe_success"] == 1, (int)probe["probe_http_status_code"], (int)probe["probe_http_redirects"],
                probe.TryGetValue("probe_ssl_earliest_cert_expiry", out var expiry) ? (long)expiry : null);
        }));

        // One difference, ours by design: a certificate that is not accepted still has its expiry told (an expired one
        // says when), where blackbox_exporter reports no TLS figures for a failed handshake.
        const string untrusted = "HTTPS nobody trusts";
        Assert.Equal(new DateTimeOffset(_untrusted.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), ours.Single(v => v.Site == untrusted).CertificateExpiry);
        Assert.Null(theirs.Single(v => v.Site == untrusted).CertificateExpiry);
        Assert.Equal(theirs, ours.Select(v => v.Site == untrusted ? v with { CertificateExpiry = null } : v));
        // And they are the verdicts these sites call for, so the two cannot agree by both being wrong.
        Assert.Equal(
            ["good", "redirected twice", "202, any 2xx", "HTTPS trusted, 5 days left"],
            ours.Where(v => v.Up).Select(v => v.Site));
        Assert.Equal(2, ours.Single(v => v.Site == "redirected twice").Redirects);
        Assert.Equal(new DateTimeOffset(_trusted.NotAfter.ToUniversalTime()).ToUnixTimeSeconds(), ours.Single(v => v.Site == "HTTPS trusted, 5 days left").CertificateExpiry);
    }

    private static SiteCheckOptions Site(string? text = null, int? status = null, TimeSpan? timeout = null) =>
        new() { Name = "site", Url = "http://127.0.0.1/", Timeout = timeout ?? TimeSpan.FromSeconds(30), ExpectText = text, ExpectStatus = status };

    private Uri RefusedUrl()
    {
        _refused.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{((System.Net.IPEndPoint)_refused.LocalEndPoint!).Port}/"));
    }
}
