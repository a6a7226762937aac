using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.Tests.Fakes.Sso;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>
/// An SSO profile (Dashboard:CloudWatch:Profile) as `aws configure sso` writes it and `aws sso login` leaves its token
/// cache, the SDK (AWSSDK.SSO) asking the portal, a fake on loopback (AWS_ENDPOINT_URL_SSO), for the role's keys: the
/// CloudWatch calls are signed with them, and the app asks the portal once, not per call. The real app in a process of
/// its own: the SDK keeps what it read of HOME and the config file for the life of a process.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SsoProfileEndToEndTests : IAsyncLifetime
{
    private const string StartUrl = "https://d-0000000000.awsapps.com/start";
    private const string AccessToken = "aoaAAAAAFakeSsoAccessTokenFromAwsSsoLogin";
    private readonly TempDirectory _home = new();
    private readonly HttpClient _http = new();
    private FakeCloudWatch _cloudWatch = null!;
    private FakeSsoPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _cloudWatch = await FakeCloudWatch.StartAsync();
        MdnAttachmentsMetrics.Define(_cloudWatch, DateTimeOffset.UtcNow.AddDays(-3));
        _portal = await FakeSsoPortal.StartAsync(AccessToken);
        _portal.OnIssued = issued => _cloudWatch.Trust(issued.AccessKeyId, issued.SecretAccessKey, issued.SessionToken, issued.Expiration);
        Directory.CreateDirectory(Path.Combine(_home.Path, ".aws", "sso", "cache"));
        await File.WriteAllTextAsync(_home.File("config"), $"""
            [profile ops-sso]
            sso_start_url = {StartUrl}
            sso_region = us-east-1
            sso_account_id = {FakeSsoPortal.AccountId}
            sso_role_name = {FakeSsoPortal.RoleName}
            region = us-west-2
            """);
        // The legacy (no sso-session) cache: ~/.aws/sso/cache/<sha1 of the start URL>.json, as the CLI writes it.
#pragma warning disable CA5350 // SHA-1 is the cache's file naming scheme, not a security measure.
        var cacheName = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(StartUrl))) + ".json";
#pragma warning restore CA5350
        var expiresAt = DateTimeOffset.UtcNow.AddHours(8).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(Path.Combine(_home.Path, ".aws", "sso", "cache", cacheName),
            $$"""{"startUrl": "{{StartUrl}}", "region": "us-east-1", "accessToken": "{{AccessToken}}", "expiresAt": "{{expiresAt}}"}""");
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _cloudWatch.DisposeAsync();
        _http.Dispose();
        _home.Dispose();
    }

    [Fact]
    public async Task An_sso_profile_gets_the_roles_keys_from_the_portal_once_and_cloudwatch_calls_are_signed_with_them()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _home.File("h.db"),
            ["Dashboard:CloudWatch:Endpoint"] = _cloudWatch.Endpoint.ToString(),
            ["Dashboard:CloudWatch:Refresh"] = "00:00:05",
            ["Dashboard:CloudWatch:Profile"] = "ops-sso",
            ["Dashboard:Cdn:Distributions:0:Id"] = MdnAttachmentsMetrics.DistributionId,
            ["Dashboard:Cdn:Distributions:0:Alias"] = "mdn.mozillademos.org",
            ["Dashboard:Cdn:Distributions:0:Origin:LoadBalancer"] = MdnAttachmentsMetrics.LoadBalancer,
            ["Dashboard:Cdn:Distributions:0:Origin:Region"] = "us-west-2",
            ["HOME"] = _home.Path,
            ["AWS_CONFIG_FILE"] = _home.File("config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = _home.File("no-credentials"),
            ["AWS_ENDPOINT_URL_SSO"] = _portal.Endpoint.ToString(),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        }, timeout.Token);

        // Three CloudWatch calls answered: the backfill and two refreshes, 5 s apart.
        await Eventually.HoldsAsync(() => _cloudWatch.Calls - _cloudWatch.Rejected >= 3, TimeSpan.FromMinutes(2), "three CloudWatch calls signed and answered", timeout.Token);
        var issued = Assert.Single(_portal.Issued);
        Assert.Equal((issued.AccessKeyId, issued.SessionToken), _cloudWatch.LastSignedBy);
        Assert.True(_cloudWatch.Rejected == 0, _cloudWatch.LastRefusal);
        Assert.True(_portal.LastRefusal is null, _portal.LastRefusal);
    }
}
