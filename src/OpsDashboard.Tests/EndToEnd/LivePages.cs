using Microsoft.Playwright;

namespace OpsDashboard.Tests.EndToEnd;

public static class LivePages
{
    /// <summary>Prerendered HTML already has tiles; a page is live once the server ticks its clock ([data-heartbeat]).</summary>
    public static async Task WaitForLiveAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.WaitForSelectorAsync("[data-heartbeat]", new() { Timeout = 30_000 });
        var clock = await page.InnerTextAsync("[data-heartbeat]");
        await page.WaitForFunctionAsync("c => document.querySelector('[data-heartbeat]').textContent !== c", clock, new() { Timeout = 15_000 });
    }
}
