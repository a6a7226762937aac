using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OpsDashboard.Tests.Fakes.Kubernetes;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>A self-signed certificate for https://127.0.0.1, written as a PFX for Kestrel, trusted only by clients made here.</summary>
public sealed class LoopbackCertificate : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly X509Certificate2 _certificate;

    public LoopbackCertificate()
    {
        _certificate = SelfSignedCertificate.ForLoopback("CN=opsdashboard-test");
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        PfxPath = _dir.File("loopback.pfx");
        File.WriteAllBytes(PfxPath, _certificate.Export(X509ContentType.Pfx, Password));
    }

    public string PfxPath { get; }

    public string Password { get; }

    /// <summary>A handler that trusts this certificate (and no other self-signed one).</summary>
    public HttpClientHandler TrustingHandler(CookieContainer? cookies = null) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = cookies is not null,
        CookieContainer = cookies ?? new CookieContainer(),
        ServerCertificateCustomValidationCallback = (_, presented, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None || presented?.Thumbprint == _certificate.Thumbprint,
    };

    public void Dispose()
    {
        _certificate.Dispose();
        _dir.Dispose();
    }
}
