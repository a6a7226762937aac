using Microsoft.Playwright;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>
/// The circuit cap in Chromium, with anonymous access, so that tabs count against their address: past the cap a tab
/// gets a page that says why and which key to raise, the tabs within it keep streaming through a network cut (their
/// reconnects are the same circuits), and a tab closed frees its place.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CircuitCapEndToEndTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync() => (_playwright, _browser) = await Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_tab_past_the_cap_of_its_address_is_told_why_the_others_ride_out_a_network_cut_and_a_closed_tab_frees_its_place()
    {
        var settings = new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:Security:Access"] = "Anonymous",
            ["Dashboard:Security:MaxCircuitsPerClient"] = "2",
            ["Dashboard:Security:MaxCircuits"] = "10",
        };
        var port = DashboardProcess.FreePort();
        await using var app = await DashboardProcess.StartAsync(port, settings, _timeout.Token);
        await using var relay = new CutProxy(DashboardProcess.FreePort(), port);
        relay.Start();
        var wall = new Uri(relay.BaseUri, "wall").ToString();
        var first = await OpenLiveAsync(wall);
        var second = await OpenLiveAsync(wall);

        var third = await _browser.NewPageAsync();
        var refused = await third.GotoAsync(wall);
        Assert.Equal(429, refused!.Status);
        Assert.Equal(
            "address 127.0.0.1 already has 2 open dashboard tabs, the limit (Dashboard:Security:MaxCircuitsPerClient): close some and reload.",
            await third.InnerTextAsync("[data-circuit-cap]"));

        // At the cap, the two open walls lose the network and get it back: their reconnects resume their own circuits.
        await first.EvaluateAsync("() => { window.__beforeCut = true; }");
        await second.EvaluateAsync("() => { window.__beforeCut = true; }");
        await relay.CutAsync();
        await first.WaitForSelectorAsync("#components-reconnect-modal[open]", new() { Timeout = 15_000 });
        relay.Restore();
        foreach (var page in new[] { first, second })
        {
            await page.WaitForSelectorAsync("#components-reconnect-modal[open]", new() { State = WaitForSelectorState.Detached, Timeout = 90_000 });
            await LivePages.WaitForLiveAsync(page);
            Assert.True(await page.EvaluateAsync<bool>("() => window.__beforeCut === true"), "a wall at the cap must resume its circuit, not reload");
        }

        // Leaving a page ends its circuit (Blazor's disconnect beacon); the tab that was refused then gets in.
        await second.GotoAsync("about:blank");
        IResponse? admitted;
        do
        {
            admitted = await third.ReloadAsync();
        }
        while (admitted!.Status == 429 && !_timeout.IsCancellationRequested);

        Assert.Equal(200, admitted.Status);
        await LivePages.WaitForLiveAsync(third);
        Assert.Contains("Page /wall refused: address 127.0.0.1 already has 2 open dashboard tabs", app.Output, StringComparison.Ordinal);
    }

    private async Task<IPage> OpenLiveAsync(string address)
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(address);
        await LivePages.WaitForLiveAsync(page);
        return page;
    }
}
