using Microsoft.Extensions.Options;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// CloudWatch refusing the dashboard, on the fake endpoint, seen on the rendered CDN tile through the app's one
/// CloudWatch refresh, the CDN source, the collector and the store: the last figures stay, marked with what AWS said
/// and what to do, and the tile is live again at the first refresh after the fault clears.
/// </summary>
public sealed class CloudWatchFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(2);
    internal static readonly PanelKey Cdn = new(CdnPanel.Kind, CloudWatchCdnSource.Group, "mdn.mozillademos.org");
    private readonly HttpClient _http = new();
    private readonly SwitchableCredentials _credentials = new();
    private FakeCloudWatch _cloudWatch = null!;

    public async Task InitializeAsync()
    {
        _cloudWatch = await FakeCloudWatch.StartAsync();
        MdnAttachmentsMetrics.Define(_cloudWatch, FaultWall.Start.AddDays(-3));
    }

    public async Task DisposeAsync()
    {
        await _cloudWatch.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_keeps_the_last_hit_ratio_marked_with_what_to_do_and_clears_at_the_next_refresh()
    {
        await using var wall = await StartAsync();

        _cloudWatch.ThrottleNext(int.MaxValue);
        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(Cdn);
            Assert.Equal("ERROR", tile.Status);
            Assert.Equal("98.5 %", tile.Headline);
            Assert.Equal("CloudWatch answered 400 Throttling: Rate exceeded — throttled; lower the refresh rate or ask AWS for a higher GetMetricData quota. (since 12:01 UTC)", tile.Fault);
            Assert.StartsWith("data from 1 min", tile.Age, StringComparison.Ordinal);
        });
        Assert.True(_cloudWatch.Throttled >= 6, $"each call is tried six times before the round gives up; {_cloudWatch.Throttled} throttled");

        _cloudWatch.ThrottleNext(0);
        wall.AdvanceUntil(Step, () => AssertLive(wall));
    }

    [Fact]
    public async Task Expired_credentials_keep_the_last_hit_ratio_say_how_to_renew_them_leak_no_secret_and_clear_once_renewed()
    {
        await using var wall = await StartAsync();

        _credentials.Expire();
        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(Cdn);
            Assert.Equal("ERROR", tile.Status);
            Assert.Equal("98.5 %", tile.Headline);
            Assert.Equal(
                "AWS credentials have expired: renew them (aws sso login, or check the pod's IRSA token). CloudWatch answered 400 ExpiredToken: The security token included in the request is expired (since 12:01 UTC)",
                tile.Fault);
            Assert.StartsWith("data from 1 min", tile.Age, StringComparison.Ordinal);
        });
        var page = wall.Page.Markup;
        Assert.DoesNotContain(FakeCloudWatch.SecretKey, page, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeCloudWatch.ExpiredSessionToken, page, StringComparison.Ordinal);

        _credentials.Renew();
        wall.AdvanceUntil(Step, () => AssertLive(wall));
    }

    [Fact]
    public async Task An_aws_answer_quoting_the_canonical_request_shows_its_words_but_never_the_session_token_on_the_page_or_in_the_log()
    {
        const string token = "FwoGZXIvYXdzELeakedSessionTokenThatMustNeverShow0123456789";
        await using var wall = await StartAsync();

        _credentials.WrongSecret(token);
        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(Cdn);
            Assert.Equal("ERROR", tile.Status);
            Assert.StartsWith(
                "AWS rejected the credentials: check the access key and secret (or the profile) the dashboard runs with. CloudWatch answered 403 SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided.",
                tile.Fault, StringComparison.Ordinal);
            Assert.Contains("x-amz-security-token:[redacted]", tile.Fault, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(token, wall.Page.Markup, StringComparison.Ordinal);
        Assert.Contains(wall.Log.Lines, l => l.Message.Contains("SignatureDoesNotMatch", StringComparison.Ordinal));
        Assert.DoesNotContain(wall.Log.Lines, l => $"{l.Message} {l.Exception}".Contains(token, StringComparison.Ordinal));

        _credentials.Renew();
        wall.AdvanceUntil(Step, () => AssertLive(wall));
    }

    [Fact]
    public async Task A_missing_sdk_assembly_crashing_the_backfill_is_an_error_tile_with_the_reason_and_a_logged_stack_trace_never_waiting()
    {
        const string missing = "Could not load file or assembly 'AWSSDK.SecurityToken, Culture=neutral, PublicKeyToken=885c28607f98e604'. The system cannot find the file specified.";
        _credentials.Break(() => new FileNotFoundException(missing, "AWSSDK.SecurityToken"));
        await using var wall = await WireAsync();
        var standIn = new PanelKey(CdnPanel.Kind, "CloudWatch", "CloudWatch");

        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(standIn);
            Assert.Equal("ERROR", tile.Status);
            Assert.Equal("no data", tile.Headline);
            Assert.Equal($"CloudWatch stopped: {missing} (since 12:00 UTC)", tile.Fault);
        });
        Assert.DoesNotContain("Waiting for the first data", wall.Page.Markup, StringComparison.Ordinal);
        var logged = wall.Log.Lines.First(l => l.Exception is FileNotFoundException);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, logged.Level);
        Assert.Equal("Source CloudWatch crashed; restarting in 00:00:01", logged.Message);
        Assert.Contains(nameof(SwitchableCredentials), logged.Exception!.StackTrace, StringComparison.Ordinal);

        _credentials.Renew();
        wall.AdvanceUntil(Step, () =>
        {
            AssertLive(wall);
            Assert.False(wall.Shows(standIn), "the stand-in tile is gone");
        });
    }

    /// <summary>The CDN panel as the app wires it, refreshed every minute, live before the fault is made.</summary>
    private async Task<FaultWall> StartAsync()
    {
        var wall = await WireAsync();
        wall.AdvanceUntil(TimeSpan.FromMilliseconds(100), () => AssertLive(wall));
        return wall;
    }

    private Task<FaultWall> WireAsync() => WireAsync(_http, _credentials, _cloudWatch.Endpoint);

    /// <summary>The CDN panel for the MDN distribution as the app wires it, refreshed every minute, signed with <paramref name="credentials"/>.</summary>
    internal static async Task<FaultWall> WireAsync(HttpClient http, IAwsCredentialSource credentials, Uri cloudWatch)
    {
        var options = new CdnOptions
        {
            Distributions =
            [
                new CdnDistributionOptions
                {
                    Id = MdnAttachmentsMetrics.DistributionId,
                    Alias = Cdn.Target,
                    Origin = new CdnOriginOptions { LoadBalancer = MdnAttachmentsMetrics.LoadBalancer, Region = "us-west-2" },
                },
            ],
        };
        var wall = new FaultWall();
        var refresh = new CloudWatchRefresh(
            new CloudWatchClient(http, credentials, wall.Clock, cloudWatch),
            [new CdnSeriesPlan.Demand(options)],
            Options.Create(new CloudWatchOptions { Refresh = TimeSpan.FromMinutes(1) }),
            wall.Clock,
            wall.Log.For<CloudWatchRefresh>());
        await wall.RunAsync(refresh);
        await wall.CollectAsync(new CloudWatchCdnSource(options, refresh, prometheus: null, wall.Clock));
        return wall;
    }

    internal static void AssertLive(FaultWall wall)
    {
        var tile = wall.Tile(Cdn);
        Assert.True(tile.Status == "OK", tile.ToString());
        Assert.Equal("98.5 %", tile.Headline);
        Assert.Null(tile.Fault);
        Assert.StartsWith("updated ", tile.Age, StringComparison.Ordinal);
    }
}
