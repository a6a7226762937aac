using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>A throwaway certificate for 127.0.0.1, so the fake can serve HTTPS without any file or store.</summary>
internal static class SelfSignedCertificate
{
    public static X509Certificate2 ForLoopback(string subject = "CN=fake-kube-apiserver", TimeSpan? validFor = null)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + (validFor ?? TimeSpan.FromDays(1)));
        // TLS clients check the real clock, so the validity is real time; the PKCS#12 round trip gives Kestrel a persisted key.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
