using Microsoft.Playwright;
using OpsDashboard.Benchmarks.Server;

namespace OpsDashboard.Benchmarks.Circuits;

/// <summary>
/// Pages of one browser context, each holding its own Blazor circuit. A page counts as live once the server reports
/// one more connected circuit and, on pages with a <c>[data-heartbeat]</c> clock, once that clock has ticked.
/// </summary>
public sealed class PageFleet : IAsyncDisposable
{
    private const string Marker = "window.__benchmarkPage";
    private static readonly TimeSpan LiveTimeout = TimeSpan.FromSeconds(60);
    private readonly IBrowserContext _context;
    private readonly List<IPage> _pages = [];

    private PageFleet(IBrowserContext context)
    {
        _context = context;
    }

    public int Count => _pages.Count;

    public static async Task<PageFleet> OpenAsync(IBrowser browser, Uri url, int count, ServerProbe probe, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(progress);
        var fleet = new PageFleet(await browser.NewContextAsync());
        try
        {
            var before = (await probe.SampleAsync(cancellationToken)).CircuitsConnected;
            for (var i = 1; i <= count; i++)
            {
                var page = await fleet._context.NewPageAsync();
                fleet._pages.Add(page);
                await page.GotoAsync(url.ToString());
                await probe.WaitForAsync(m => m.Value("opsdashboard_circuits_connected") >= before + i, LiveTimeout, $"circuit {i} of {url}", cancellationToken);
                if (await HasHeartbeatAsync(page))
                {
                    await WaitForHeartbeatAsync(page);
                }

                // A page that reloads (the wall's watchdog does when its clock stops) loses this mark.
                await page.EvaluateAsync($"() => {{ {Marker} = true; }}");
                if (i % 10 == 0 || i == count)
                {
                    progress($"{i}/{count} {url.AbsolutePath} pages live");
                }
            }

            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    /// <summary>How many pages are still the document first loaded, and how many of those with a clock still tick.</summary>
    public async Task<(int SameDocument, int Ticking)> CheckAsync()
    {
        var results = await Task.WhenAll(_pages.Select(async page =>
        {
            var same = await page.EvaluateAsync<bool>($"() => {Marker} === true");
            var ticking = await HasHeartbeatAsync(page) && await TicksAsync(page);
            return (same, ticking);
        }));
        return (results.Count(r => r.same), results.Count(r => r.ticking));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var page in _pages)
        {
            // Leaving the page sends Blazor's disconnect beacon, so the server drops the circuit at once instead of
            // keeping it for the reconnection retention period.
            await page.GotoAsync("about:blank");
            await page.CloseAsync();
        }

        await _context.DisposeAsync();
    }

    private static async Task<bool> HasHeartbeatAsync(IPage page) => await page.Locator("[data-heartbeat]").CountAsync() > 0;

    private static async Task WaitForHeartbeatAsync(IPage page)
    {
        var clock = await page.InnerTextAsync("[data-heartbeat]");
        await page.WaitForFunctionAsync(
            "c => document.querySelector('[data-heartbeat]').textContent !== c", clock, new() { Timeout = (float)LiveTimeout.TotalMilliseconds });
    }

    private static async Task<bool> TicksAsync(IPage page)
    {
        try
        {
            var clock = await page.InnerTextAsync("[data-heartbeat]");
            await page.WaitForFunctionAsync("c => document.querySelector('[data-heartbeat]').textContent !== c", clock, new() { Timeout = 10_000 });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
