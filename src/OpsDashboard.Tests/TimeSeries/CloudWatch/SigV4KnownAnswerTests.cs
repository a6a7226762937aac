using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;
using OpsDashboard.Tests.Fakes.CloudWatch;

namespace OpsDashboard.Tests.TimeSeries.CloudWatch;

/// <summary>
/// AWS's own SigV4 test suite (get-vanilla, post-vanilla: key AKIDEXAMPLE, 2015-08-30 12:36:00 UTC, us-east-1,
/// service "service"): the SDK signer the client uses and the fake endpoint's verifier must both produce AWS's answers.
/// </summary>
public sealed class SigV4KnownAnswerTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTime SignedAt = new(2015, 8, 30, 12, 36, 0, DateTimeKind.Utc);

    public static TheoryData<string, string> Vanilla => new()
    {
        { "GET", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31" },
        { "POST", "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b" },
    };

    [Theory]
    [MemberData(nameof(Vanilla))]
    public void The_sdk_signer_signs_the_documented_canonical_request_with_the_documented_signature(string method, string signature)
    {
        // The SDK's AWSSigV4Signer always adds x-amz-content-sha256, which the suite's requests lack, so the suite's
        // canonical request goes through the signer's own signing step; CloudWatchClientTests check whole requests.
        var canonical = $"{method}\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        var result = AWS4Signer.ComputeSignature(new ImmutableCredentials("AKIDEXAMPLE", Secret, null), "us-east-1", SignedAt, "service", "host;x-amz-date", canonical);

        Assert.Equal(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}",
            result.ForAuthorizationHeader);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public void The_fake_endpoints_verifier_builds_the_documented_canonical_request(string method)
    {
        var request = new SigV4Verifier.Request(method, "/", "", new Dictionary<string, string>
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
        }, []);

        Assert.Equal(
            $"{method}\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            SigV4Verifier.CanonicalRequest(request, ["host", "x-amz-date"]));
    }

    [Theory]
    [MemberData(nameof(Vanilla))]
    public void The_fake_endpoints_verifier_computes_the_documented_signature(string method, string signature)
    {
        var request = new SigV4Verifier.Request(method, "/", "", new Dictionary<string, string>
        {
            ["host"] = "example.amazonaws.com",
            ["x-amz-date"] = "20150830T123600Z",
        }, []);
        var authorization = new SigV4Verifier.Authorization("AKIDEXAMPLE", "20150830", "us-east-1", "service", ["host", "x-amz-date"], signature);

        Assert.Equal(signature, SigV4Verifier.Signature(request, authorization, Secret));
        Assert.NotEqual(signature, SigV4Verifier.Signature(request, authorization, Secret + "x"));
    }

    [Fact]
    public void The_signing_key_matches_the_documented_derivation()
    {
        // From AWS's "Derive a signing key" example: 20150830, us-east-1, iam.
        Assert.Equal(
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
            SigV4Verifier.Hex(SigV4Verifier.SigningKey(Secret, "20150830", "us-east-1", "iam")));
    }
}
