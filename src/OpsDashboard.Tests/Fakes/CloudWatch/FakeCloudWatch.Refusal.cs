using Microsoft.AspNetCore.Http;

namespace OpsDashboard.Tests.Fakes.CloudWatch;

/// <summary>Why CloudWatch refuses a request, checked in the order AWS checks: operation, content type, then the SigV4 signature and its key.</summary>
public sealed partial class FakeCloudWatch
{
    private (int Status, string Type, string QueryCode, string Message)? Refusal(HttpRequest request, byte[] body)
    {
        if (request.Method != "POST" || request.Headers["X-Amz-Target"] != Target)
        {
            return (400, "com.amazon.coral.service#UnknownOperationException", "UnknownOperation", $"expected POST with X-Amz-Target {Target}");
        }

        if (request.ContentType != "application/x-amz-json-1.0")
        {
            return (400, "com.amazon.coral.service#SerializationException", "SerializationException", $"Content-Type must be application/x-amz-json-1.0, not {request.ContentType}");
        }

        var auth = SigV4Verifier.ParseAuthorization(request.Headers.Authorization);
        if (auth is null)
        {
            return (403, "com.amazon.coral.service#MissingAuthenticationTokenException", "MissingAuthenticationToken", "Request is missing Authentication Token");
        }

        if (!_keys.TryGetValue(auth.AccessKey, out var key))
        {
            return (403, "com.amazon.coral.service#UnrecognizedClientException", "InvalidClientTokenId", "The security token included in the request is invalid.");
        }

        if (auth.Service != "monitoring")
        {
            return (403, "com.amazon.coral.service#InvalidSignatureException", "InvalidSignatureException", $"Credential should be scoped to correct service: 'monitoring', not '{auth.Service}'.");
        }

        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        if (!auth.SignedHeaders.Contains("host") || !auth.SignedHeaders.Contains("x-amz-date") || auth.SignedHeaders.Any(h => !headers.ContainsKey(h)))
        {
            return (403, "com.amazon.coral.service#IncompleteSignatureException", "IncompleteSignature", "host and x-amz-date must be signed, and every signed header sent.");
        }

        var signed = new SigV4Verifier.Request(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? "", headers, body);
        if (SigV4Verifier.Signature(signed, auth, key.Secret) != auth.Signature)
        {
            // As AWS answers it: the canonical request quoted, signed headers (a session token among them) and all.
            var canonical = SigV4Verifier.CanonicalRequest(signed, auth.SignedHeaders);
            return (403, "com.amazon.coral.service#InvalidSignatureException", "SignatureDoesNotMatch",
                $"The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'{canonical}'\n");
        }

        headers.TryGetValue("x-amz-security-token", out var token);
        if (token == ExpiredSessionToken || (key.Expires is { } expires && Clock.GetUtcNow() >= expires))
        {
            return (400, "com.amazon.coral.service#ExpiredTokenException", "ExpiredToken", "The security token included in the request is expired");
        }

        if (key.SessionToken is { } expected && (token != expected || !auth.SignedHeaders.Contains("x-amz-security-token")))
        {
            return (403, "com.amazon.coral.service#UnrecognizedClientException", "InvalidClientTokenId", "The security token included in the request is invalid.");
        }

        LastSignedBy = (auth.AccessKey, token);
        return null;
    }
}
