using Microsoft.Playwright;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>From a tile to the objects behind it, in real Chromium against the demo fleet.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DetailViewsEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private DashboardProcess _app = null!;

    public async Task InitializeAsync()
    {
        (_playwright, _browser) = await Browser.LaunchAsync();
        _app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), new Dictionary<string, string> { ["Dashboard:History:Path"] = _dir.File("h.db") }, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_pods_tile_leads_to_its_workloads_and_on_to_a_workloads_pods_and_nodes()
    {
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(_app.BaseUri.ToString());
        await page.ClickAsync("[data-tile='Pods/oregon-a/oregon-a'] a.tile-title");

        await page.WaitForSelectorAsync("[data-workload='mdn-prod/web']", new() { Timeout = 20_000 });
        Assert.Equal(9, await page.Locator("[data-workload]").CountAsync());

        // Follow the links by their addresses: the same URLs a person clicks, without racing the page's first swap
        // from prerendered to live HTML.
        await page.GotoAsync(new Uri(_app.BaseUri, await page.GetAttributeAsync("[data-workload='mdn-prod/web'] a", "href")).ToString());
        await page.WaitForSelectorAsync("[data-pod]", new() { Timeout = 20_000 });
        Assert.Contains("kubectl --context oregon-a -n mdn-prod describe deployment web", await page.InnerTextAsync(".kubectl"), StringComparison.Ordinal);

        await page.GotoAsync(new Uri(_app.BaseUri, await page.Locator("[data-pod] td a").First.GetAttributeAsync("href")).ToString());
        await page.WaitForSelectorAsync("[data-condition='Ready']", new() { Timeout = 20_000 });
        Assert.True(await page.Locator("[data-pod]").CountAsync() > 0, "the node detail lists the pods on the node");
    }
}
