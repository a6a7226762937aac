using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// One HTTP(S) GET of a site as its users make it, on a connection of its own (so DNS, connect and TLS are measured
/// every time, as blackbox_exporter does): timed by phase on the <see cref="TimeProvider"/>, redirects followed and
/// listed, the status and a keyword checked, and the certificate's earliest expiry read.
/// </summary>
public sealed class SiteProber(TimeProvider time, X509Certificate2Collection? trustedRoots = null) : ISiteProber
{
    /// <summary>How much of the body is searched for the keyword.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>How much of a failing body is kept to show.</summary>
    public const int BodyStartChars = 512;

    private static readonly ProductInfoHeaderValue UserAgent = new("OpsDashboard-SiteCheck", "1.0");

    public async Task<SiteProbeResult> ProbeAsync(SiteCheckOptions site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        var at = time.GetUtcNow();
        var clock = new PhaseClock(time);
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = clock.ConnectAsync,
            PlaintextStreamFilter = clock.AfterTls,
        };
        handler.SslOptions.RemoteCertificateValidationCallback = clock.CheckCertificate(trustedRoots);
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        using var timeout = new CancellationTokenSource(site.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var url = new Uri(site.Url);
        var hops = new List<RedirectHop>();
        int? status = null;
        try
        {
            while (true)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.UserAgent.Add(UserAgent);
                var sent = time.GetTimestamp();
                var setupBefore = clock.Setup;
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                clock.AddFirstByte(time.GetElapsedTime(sent) - (clock.Setup - setupBefore));
                status = (int)response.StatusCode;
                if (IsRedirect(status.Value) && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    hops.Add(new RedirectHop(status.Value, url.ToString(), next.ToString()));
                    if (hops.Count > site.MaxRedirects)
                    {
                        return Result(false, $"more than {site.MaxRedirects} redirects", null);
                    }

                    url = next;
                    continue;
                }

                var body = await UpstreamBody.ReadPrefixAsync(response.Content, MaxBodyBytes, linked.Token);
                var start = body.Length > BodyStartChars ? body[..BodyStartChars] : body;
                var statusOk = site.ExpectStatus is { } expected ? status == expected : status is >= 200 and < 300;
                if (!statusOk)
                {
                    return Result(false, $"HTTP {status}{(site.ExpectStatus is { } e ? $", expected {e}" : "")}", start);
                }

                if (site.ExpectText is { } text && !body.Contains(text, StringComparison.Ordinal))
                {
                    return Result(false, $"HTTP {status} but \"{text}\" is not in the body", start);
                }

                return Result(true, null, null);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Result(false, $"no answer within {Durations.Format(site.Timeout)}", null);
        }
        catch (HttpRequestException ex)
        {
            return Result(false, clock.CertificateError ?? Reason(ex), null);
        }

        SiteProbeResult Result(bool up, string? error, string? bodyStart) => new(at, up, status, clock.Phases(), error)
        {
            Redirects = hops,
            CertificateExpiry = clock.CertificateExpiry,
            BodyStart = bodyStart,
            FinalUrl = url.ToString(),
        };
    }

    private static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    private static string Reason(HttpRequestException ex) =>
        ex.HttpRequestError == HttpRequestError.ConnectionError && ex.InnerException is { } inner ? inner.Message : ex.Message;

    /// <summary>The phases of one check: the handler's connect and TLS callbacks and the request loop add to it, one request at a time.</summary>
    private sealed class PhaseClock(TimeProvider time)
    {
        private readonly long _started = time.GetTimestamp();
        private long _connectedAt;
        private TimeSpan? _dns;
        private TimeSpan? _connect;
        private TimeSpan? _tls;
        private TimeSpan? _firstByte;

        public DateTimeOffset? CertificateExpiry { get; private set; }

        public string? CertificateError { get; private set; }

        /// <summary>All connection setup so far, to take out of the wait for the first byte.</summary>
        public TimeSpan Setup => (_dns ?? TimeSpan.Zero) + (_connect ?? TimeSpan.Zero) + (_tls ?? TimeSpan.Zero);

        public ProbePhases Phases() => new(_dns, _connect, _tls, _firstByte, time.GetElapsedTime(_started));

        public void AddFirstByte(TimeSpan span) => _firstByte = (_firstByte ?? TimeSpan.Zero) + (span < TimeSpan.Zero ? TimeSpan.Zero : span);

        public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
        {
            var host = context.DnsEndPoint.Host;
            var started = time.GetTimestamp();
            IPAddress[] addresses;
            if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            {
                addresses = [literal];
            }
            else
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
                _dns = (_dns ?? TimeSpan.Zero) + time.GetElapsedTime(started);
            }

            var connecting = time.GetTimestamp();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            }
            catch
            {
                socket.Dispose();
                throw;
            }

            _connect = (_connect ?? TimeSpan.Zero) + time.GetElapsedTime(connecting);
            _connectedAt = time.GetTimestamp();
            return new NetworkStream(socket, ownsSocket: true);
        }

        /// <summary>Called once the connection is ready for HTTP: for HTTPS, after the TLS handshake.</summary>
        public ValueTask<Stream> AfterTls(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
        {
            if (context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps)
            {
                _tls = (_tls ?? TimeSpan.Zero) + time.GetElapsedTime(_connectedAt);
            }

            return ValueTask.FromResult(context.PlaintextStream);
        }

        /// <summary>Reads the chain's earliest expiry; accepts a chain the system trusts, or one ending in <paramref name="roots"/>.</summary>
        public RemoteCertificateValidationCallback CheckCertificate(X509Certificate2Collection? roots) => (_, certificate, chain, errors) =>
        {
            var elements = chain?.ChainElements.Select(e => e.Certificate).ToList() ?? [];
            if (elements.Count == 0 && certificate is X509Certificate2 leaf)
            {
                elements.Add(leaf);
            }

            if (elements.Count > 0)
            {
                CertificateExpiry = elements.Min(c => new DateTimeOffset(c.NotAfter.ToUniversalTime()));
            }

            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            if (roots is { Count: > 0 } && errors == SslPolicyErrors.RemoteCertificateChainErrors && certificate is X509Certificate2 presented)
            {
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.AddRange(roots);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (custom.Build(presented))
                {
                    return true;
                }
            }

            CertificateError = $"TLS certificate not accepted: {errors}";
            return false;
        };
    }
}
