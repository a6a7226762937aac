using System.Diagnostics;
using Microsoft.Playwright;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>The wall display in real Chromium against the real app on a loopback port.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class WallEndToEndTests : IAsyncLifetime
{
    private static readonly ViewportSize FullHd = new() { Width = 1920, Height = 1080 };
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
    public async Task The_wall_shows_every_demo_tile_and_updates_them_without_a_reload()
    {
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), Settings(), _timeout.Token);
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = FullHd });
        await page.GotoAsync(new Uri(app.BaseUri, "wall").ToString());

        // 4 clusters × (nodes + pods + rollouts + scaling), bedrock freshness in 3 clusters, the import, the CDN and 3 groups of site checks.
        await LivePages.WaitForLiveAsync(page);
        Assert.Equal(24, await page.Locator("[data-tile]").CountAsync());
        // Nobody scrolls a wall: every tile is on the screen (six groups made the sixth wrap below a 1080-line screen).
        await page.WaitForFunctionAsync(
            "() => [...document.querySelectorAll('[data-tile]')].every(t => t.getBoundingClientRect().bottom <= window.innerHeight)",
            null, new() { Timeout = 10_000 });
        Assert.Contains("DEMO DATA", await page.InnerTextAsync("[data-demo-marker]"), StringComparison.Ordinal);
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // The demo nodes source publishes every 5 s: a tile's age must grow, then drop back when new data is pushed.
        const string ageOf = "document.querySelector('[data-tile=\"Nodes/oregon-a/oregon-a\"] [data-age]').textContent";
        await page.WaitForFunctionAsync($"() => /updated [2-9] s ago/.test({ageOf})", null, new() { Timeout = 15_000 });
        await page.WaitForFunctionAsync($"() => {ageOf} === 'updated just now'", null, new() { Timeout = 15_000 });

        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page must update in place, not reload");
        var headlineSize = await page.EvalOnSelectorAsync<string>(".tile-headline", "e => getComputedStyle(e).fontSize");
        Assert.Equal("42px", headlineSize);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_dir.Path, "wall.png") });
    }

    [Fact]
    public async Task After_a_server_restart_the_wall_recovers_by_itself_within_60_seconds()
    {
        var port = DashboardProcess.FreePort();
        var app = await DashboardProcess.StartAsync(port, Settings(), _timeout.Token);
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = FullHd });
        await page.GotoAsync(new Uri(app.BaseUri, "wall").ToString());
        await LivePages.WaitForLiveAsync(page);
        await page.EvaluateAsync("() => { window.__beforeRestart = true; }");

        await app.DisposeAsync();
        await page.WaitForSelectorAsync("#components-reconnect-modal[open]", new() { Timeout = 15_000 });
        var down = Stopwatch.StartNew();
        await using var restarted = await DashboardProcess.StartAsync(port, Settings(), _timeout.Token);

        // Nobody clicks anything: the page must reload itself onto the new server and show live tiles with data again.
        await page.WaitForFunctionAsync(
            "() => window.__beforeRestart === undefined && document.querySelectorAll('[data-tile]').length === 24"
            + " && document.querySelectorAll('[data-tile][data-status=\"WAITING\"]').length === 0",
            null,
            new() { Timeout = 60_000, PollingInterval = 250 });
        await LivePages.WaitForLiveAsync(page);
        var recovered = down.Elapsed;
        Assert.True(recovered < TimeSpan.FromSeconds(60), $"recovered after {recovered}");
    }

    [Fact]
    public async Task A_network_cut_of_40_seconds_resumes_the_same_page_without_a_reload()
    {
        var port = DashboardProcess.FreePort();
        await using var app = await DashboardProcess.StartAsync(port, Settings(), _timeout.Token);
        await using var relay = new CutProxy(DashboardProcess.FreePort(), port);
        relay.Start();
        var page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = FullHd });
        await page.GotoAsync(new Uri(relay.BaseUri, "wall").ToString());
        await LivePages.WaitForLiveAsync(page);
        await page.EvaluateAsync("() => { window.__beforeCut = true; }");

        await relay.CutAsync();
        await page.WaitForSelectorAsync("#components-reconnect-modal[open]", new() { Timeout = 15_000 });
        // The fault's length, not a wait for something: longer than the clock watchdog's 30 s and than the 30 s of
        // retries Blazor had before, both of which reloaded the page onto a new circuit after a Wi-Fi drop.
        await Task.Delay(TimeSpan.FromSeconds(40), _timeout.Token);
        relay.Restore();

        await page.WaitForSelectorAsync("#components-reconnect-modal[open]", new() { State = WaitForSelectorState.Detached, Timeout = 90_000 });
        await LivePages.WaitForLiveAsync(page);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__beforeCut === true"), "the page must resume its circuit, not reload");
    }

    private Dictionary<string, string> Settings() => new()
    {
        ["Dashboard:History:Path"] = _dir.File($"history-{Guid.NewGuid():N}.db"),
    };
}
