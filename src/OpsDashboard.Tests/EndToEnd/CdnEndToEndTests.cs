using Microsoft.Playwright;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>
/// The app as a user runs it, configured for one CloudFront distribution, with AWS credentials in the environment and
/// CloudWatch's endpoint pointed at the fake: the tile shows real (fake-upstream) data, not demo data, and leads to its
/// detail view.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CdnEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private FakeCloudWatch _cloudWatch = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private DashboardProcess _app = null!;

    public async Task InitializeAsync()
    {
        _cloudWatch = await FakeCloudWatch.StartAsync();
        var cdn = new Dictionary<string, string> { ["DistributionId"] = "E2QWRUHAPOMQZL", ["Region"] = "Global" };
        var alb = new Dictionary<string, string> { ["LoadBalancer"] = "app/mdn-attachments/50dc6c495c0c9188" };
        _cloudWatch.Define("AWS/CloudFront", "Requests", cdn, (_, _) => 10_000);
        _cloudWatch.Define("AWS/CloudFront", "BytesDownloaded", cdn, (_, _) => 197e9 / 2016);
        _cloudWatch.Define("AWS/CloudFront", "5xxErrorRate", cdn, (_, _) => 0.05);
        _cloudWatch.Define("AWS/ApplicationELB", "ProcessedBytes", alb, (_, _) => 3e9 / 2016);
        (_playwright, _browser) = await Browser.LaunchAsync();
        _app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:CloudWatch:Endpoint"] = _cloudWatch.Endpoint.ToString(),
            ["Dashboard:CloudWatch:Refresh"] = "00:00:05",
            ["Dashboard:Cdn:Distributions:0:Id"] = "E2QWRUHAPOMQZL",
            ["Dashboard:Cdn:Distributions:0:Alias"] = "mdn.mozillademos.org",
            ["Dashboard:Cdn:Distributions:0:Origin:LoadBalancer"] = "app/mdn-attachments/50dc6c495c0c9188",
            ["Dashboard:Cdn:Distributions:0:Origin:Region"] = "us-west-2",
            ["AWS_ACCESS_KEY_ID"] = FakeCloudWatch.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = FakeCloudWatch.SecretKey,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        }, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _cloudWatch.DisposeAsync();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_cdn_tile_shows_cloudwatch_data_without_a_demo_marker_and_leads_to_its_trend()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(_app.BaseUri.ToString());
        const string tile = "[data-tile='Cdn/AWS/mdn.mozillademos.org']";

        await page.WaitForSelectorAsync($"{tile} .tile-headline:text('98.5 %')", new() { Timeout = 30_000 });
        Assert.Equal(0, await page.Locator("[data-demo-marker]").CountAsync());
        Assert.Equal("OK", await page.GetAttributeAsync(tile, "data-status"));

        await page.GotoAsync(new Uri(_app.BaseUri, await page.GetAttributeAsync($"{tile} a.tile-title", "href")).ToString());
        await page.WaitForSelectorAsync("[data-method]", new() { Timeout = 20_000 });
        Assert.StartsWith("bytes: 1 − origin ALB ProcessedBytes", await page.InnerTextAsync("[data-method]"), StringComparison.Ordinal);
        Assert.True(int.Parse(await page.GetAttributeAsync("[data-trend-points]", "data-trend-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 280, "the trend is backfilled for 24 h");
        Assert.True(_cloudWatch.Rejected == 0, _cloudWatch.LastRefusal);
    }
}
