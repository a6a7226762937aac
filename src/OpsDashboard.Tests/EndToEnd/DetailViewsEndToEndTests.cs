using Microsoft.Playwright;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>From a tile to the objects behind it, in real Chromium against the demo fleet.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DetailViewsEndToEndTests : AppInBrowserTest
{
    [Fact]
    public async Task A_pods_tile_leads_to_its_workloads_and_on_to_a_workloads_pods_and_nodes()
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(App.BaseUri.ToString());
        await page.ClickAsync("[data-tile='Pods/oregon-a/oregon-a'] a.tile-title");

        await page.WaitForSelectorAsync("[data-workload='mdn-prod/web']", new() { Timeout = 20_000 });
        Assert.Equal(9, await page.Locator("[data-workload]").CountAsync());

        await GoToLinkAsync(page, "[data-workload='mdn-prod/web'] a");
        await page.WaitForSelectorAsync("[data-pod]", new() { Timeout = 20_000 });
        Assert.Contains("kubectl --context oregon-a -n mdn-prod describe deployment web", await page.InnerTextAsync(".kubectl"), StringComparison.Ordinal);

        await GoToLinkAsync(page, "[data-pod] td a >> nth=0");
        await page.WaitForSelectorAsync("[data-condition='Ready']", new() { Timeout = 20_000 });
        Assert.True(await page.Locator("[data-pod]").CountAsync() > 0, "the node detail lists the pods on the node");
    }
}
