using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OpsDashboard.Tests.Fakes.CloudWatch;

/// <summary>
/// Checks an AWS Signature Version 4 the way an AWS endpoint does, written from the specification and independent of
/// the SDK's signer: canonical request → string to sign → HMAC chain of the secret, date, region and service.
/// </summary>
public static class SigV4Verifier
{
    public sealed record Request(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public sealed record Authorization(string AccessKey, string Date, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature);

    /// <summary>Parses <c>AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/service/aws4_request, SignedHeaders=…, Signature=…</c>.</summary>
    public static Authorization? ParseAuthorization(string? header)
    {
        const string algorithm = "AWS4-HMAC-SHA256 ";
        if (header is null || !header.StartsWith(algorithm, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = header[algorithm.Length..].Split(',', StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential) || !parts.TryGetValue("SignedHeaders", out var signed) || !parts.TryGetValue("Signature", out var signature))
        {
            return null;
        }

        var scope = credential.Split('/');
        return scope is [var key, var date, var region, var service, "aws4_request"]
            ? new Authorization(key, date, region, service, signed.Split(';'), signature)
            : null;
    }

    public static string CanonicalRequest(Request request, IReadOnlyList<string> signedHeaders)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var headers = signedHeaders.Select(h => $"{h}:{string.Join(' ', request.Headers[h].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))}\n");
        var payloadHash = request.Headers.TryGetValue("x-amz-content-sha256", out var declared) ? declared : Hex(SHA256.HashData(request.Body));
        return string.Join('\n', request.Method, CanonicalPath(request.Path), CanonicalQuery(request.Query), string.Concat(headers), string.Join(';', signedHeaders), payloadHash);
    }

    public static string Signature(Request request, Authorization authorization, string secretKey)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(authorization);
        var amzDate = request.Headers["x-amz-date"];
        var scope = $"{authorization.Date}/{authorization.Region}/{authorization.Service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalRequest(request, authorization.SignedHeaders))))}";
        var key = SigningKey(secretKey, authorization.Date, authorization.Region, authorization.Service);
        return Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    public static byte[] SigningKey(string secretKey, string date, string region, string service)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }

        return key;
    }

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string CanonicalPath(string path) =>
        path.Length == 0 ? "/" : string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));

    private static string CanonicalQuery(string query)
    {
        var pairs = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name}={p.Value}")));
    }
}
