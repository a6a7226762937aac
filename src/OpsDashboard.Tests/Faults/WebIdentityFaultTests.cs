using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.Tests.Fakes.Sts;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// EKS web identity (IRSA) through the AWS SDK's own credential chain, as a pod has it: AWS_ROLE_ARN and
/// AWS_WEB_IDENTITY_TOKEN_FILE in the environment, STS (a fake on loopback, its endpoint given as AWS_ENDPOINT_URL_STS)
/// issuing temporary keys that the fake CloudWatch trusts only with their session token and until they expire. Seen on
/// the rendered CDN tile. The environment is the process's, so these tests run alone.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class WebIdentityFaultTests : IAsyncLifetime
{
    private const string ServiceAccountToken = "eyJhbGciOiJSUzI1NiJ9.fake-projected-service-account-token.c2lnbmF0dXJl";
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new();
    private FakeCloudWatch _cloudWatch = null!;
    private FakeSts _sts = null!;

    public async Task InitializeAsync()
    {
        _cloudWatch = await FakeCloudWatch.StartAsync();
        MdnAttachmentsMetrics.Define(_cloudWatch, FaultWall.Start.AddDays(-3));
        _sts = await FakeSts.StartAsync(ServiceAccountToken);
        _sts.OnIssued = issued => _cloudWatch.Trust(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, issued.Expiration);
        await File.WriteAllTextAsync(_dir.File("token"), ServiceAccountToken);
    }

    public async Task DisposeAsync()
    {
        await _sts.DisposeAsync();
        await _cloudWatch.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Irsa_credentials_from_sts_sign_the_cdn_tiles_requests_with_their_session_token_and_are_renewed_before_they_expire()
    {
        // The SDK renews web identity credentials 15 min before they expire: these are due 5 s after they are issued.
        _sts.Lifetime = TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(5);
        using var environment = Pod(sessionName: "opsdashboard-test");
        using var credentials = new AwsSdkCredentialSource(profile: null);
        await using var wall = await CloudWatchFaultTests.WireAsync(_http, credentials, _cloudWatch.Endpoint);

        wall.AdvanceUntil(Step, () => CloudWatchFaultTests.AssertLive(wall));
        Assert.Equal("opsdashboard-test", _sts.Issued[0].RoleSessionName);
        Assert.Contains(_cloudWatch.LastSignedBy!.Value, _sts.Issued.Select(Key));

        // On a loaded machine the first keys may already have been renewed: wait for the next renewal, whichever it is.
        var before = _sts.Issued.Count;
        wall.AdvanceUntil(Step, () =>
        {
            Assert.True(_sts.Issued.Count > before, "renewed");
            Assert.Equal(Key(_sts.Issued[^1]), _cloudWatch.LastSignedBy);
            CloudWatchFaultTests.AssertLive(wall);
        });
        var issued = _sts.Issued;
        for (var i = 1; i < issued.Count; i++)
        {
            Assert.True(issued[i].IssuedAt < issued[i - 1].Expiration, $"renewed at {issued[i].IssuedAt:O}, after the keys before expired at {issued[i - 1].Expiration:O}");
        }

        Assert.True(_cloudWatch.Rejected == 0, _cloudWatch.LastRefusal);
        Assert.True(_sts.LastRefusal is null, _sts.LastRefusal);
    }

    [Fact]
    public async Task A_session_name_aws_would_refuse_is_named_with_its_variable_not_called_missing_credentials()
    {
        using var environment = Pod(sessionName: "x");
        using var credentials = new AwsSdkCredentialSource(profile: null);
        await using var wall = await CloudWatchFaultTests.WireAsync(_http, credentials, _cloudWatch.Endpoint);

        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(CloudWatchFaultTests.Cdn);
            Assert.Equal("ERROR", tile.Status);
            Assert.Equal(
                $"AWS_ROLE_SESSION_NAME \"x\" is not a role session name AWS accepts (2 to 64 characters: letters, digits and _+=,.@-), so web identity (AWS_ROLE_ARN {FakeSts.RoleArn}) cannot be used: fix AWS_ROLE_SESSION_NAME, or unset it and the SDK names the session itself. (since 12:00 UTC)",
                tile.Fault);
        });
        Assert.DoesNotContain("No AWS credentials found", wall.Page.Markup, StringComparison.Ordinal);
        Assert.Empty(_sts.Issued);
    }

    private static (string, string?) Key(IssuedCredentials issued) => (issued.AccessKeyId, issued.SessionToken);

    /// <summary>The environment EKS gives a pod whose ServiceAccount has a role, and nothing else to find credentials in.</summary>
    private EnvironmentScope Pod(string sessionName) => new(new Dictionary<string, string?>
    {
        ["AWS_ROLE_ARN"] = FakeSts.RoleArn,
        ["AWS_WEB_IDENTITY_TOKEN_FILE"] = _dir.File("token"),
        ["AWS_ROLE_SESSION_NAME"] = sessionName,
        ["AWS_ENDPOINT_URL_STS"] = _sts.Endpoint.ToString(),
        ["AWS_REGION"] = "us-west-2",
        ["AWS_ACCESS_KEY_ID"] = null,
        ["AWS_SECRET_ACCESS_KEY"] = null,
        ["AWS_SESSION_TOKEN"] = null,
        ["AWS_PROFILE"] = null,
        ["AWS_CONFIG_FILE"] = _dir.File("no-config"),
        ["AWS_SHARED_CREDENTIALS_FILE"] = _dir.File("no-credentials"),
        ["AWS_EC2_METADATA_DISABLED"] = "true",
    });
}
