using Microsoft.Playwright;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>
/// An on-call engineer's path in real Chromium: from a red tile to the workload behind it, its Warning events and
/// kubectl commands, then to the timeline of that workload and the moment the tile went red. The demo starts 12½
/// minutes into its script, in the middle of oregon-b's kumascript crash loop, with the minutes before played into
/// the history.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TriageEndToEndTests : AppInBrowserTest
{
    protected override Dictionary<string, string> Settings() => new(base.Settings()) { ["Dashboard:Demo:StartAt"] = "00:12:30" };

    [Fact]
    public async Task A_red_tile_leads_to_the_crash_looping_workload_its_oom_kills_and_the_moment_it_went_red()
    {
        var page = await Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1600, Height = 1000 } });
        await page.GotoAsync(App.BaseUri.ToString());
        const string redTile = "[data-tile='Pods/oregon-b/oregon-b'][data-status='CRITICAL']";
        await page.WaitForSelectorAsync(redTile, new() { Timeout = 20_000 });
        Assert.Contains("CrashLoopBackOff", await page.InnerTextAsync($"{redTile} .tile-why"), StringComparison.Ordinal);

        // Tile → the cluster's workloads, worst first: kumascript is the red row.
        await GoToLinkAsync(page, $"{redTile} a.tile-title");
        await page.WaitForSelectorAsync("[data-workload='mdn-prod/kumascript'].row-bad", new() { Timeout = 20_000 });

        // → the workload: its pod exited OOMKilled, the BackOff events, the kubectl to run next.
        await GoToLinkAsync(page, "[data-workload='mdn-prod/kumascript'] a");
        await page.WaitForSelectorAsync("[data-event='BackOff']", new() { Timeout = 20_000 });
        Assert.Contains("OOMKilled", await page.InnerTextAsync("table[aria-label=pods]"), StringComparison.Ordinal);
        Assert.Contains("kubectl --context oregon-b -n mdn-prod describe deployment kumascript", await page.InnerTextAsync(".kubectl"), StringComparison.Ordinal);

        // → the workload's timeline: the BackOff burst and the OOM-killed restarts of its pod, each opening onto kubectl for that pod.
        await GoToLinkAsync(page, "[data-timeline-link]");
        Assert.EndsWith("timeline?cluster=oregon-b&namespace=mdn-prod&object=Deployment%2Fkumascript", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("[data-timeline-row='BackOff']", new() { Timeout = 20_000 });
        Assert.Contains("last exit: OOMKilled", await page.InnerTextAsync("[data-timeline-row='Restarted']"), StringComparison.Ordinal);
        await ClickUntilAsync(page, "[data-timeline-row='BackOff']", "[data-timeline-detail] .kubectl");
        Assert.Contains("kubectl --context oregon-b -n mdn-prod describe pod kumascript-", await page.InnerTextAsync("[data-timeline-detail] .kubectl"), StringComparison.Ordinal);

        // The tile's own timeline says when it went red, about twelve minutes into the demo, and why.
        await page.GotoAsync(new Uri(App.BaseUri, "timeline?cluster=oregon-b&panel=pods&severity=critical").ToString());
        await page.WaitForSelectorAsync("[data-timeline-row='OK → CRITICAL']", new() { Timeout = 20_000 });
        Assert.Contains("CrashLoopBackOff (last exit: OOMKilled)", await page.InnerTextAsync("[data-timeline-row='OK → CRITICAL']"), StringComparison.Ordinal);

        // And the same range as Markdown for the incident report.
        using var http = new HttpClient { BaseAddress = App.BaseUri };
        var markdown = await http.GetStringAsync(new Uri("timeline/postmortem.md?cluster=oregon-b&severity=warning", UriKind.Relative), Timeout.Token);
        Assert.Contains("- **oregon-b · Pod readiness** CRITICAL from", markdown, StringComparison.Ordinal);
        Assert.Contains("| critical | oregon-b · mdn-prod · Pod/kumascript-", markdown, StringComparison.Ordinal);
    }

    /// <summary>Clicks until what the click opens is there: a click before the page is live does nothing.</summary>
    private static async Task ClickUntilAsync(IPage page, string selector, string opened)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.ClickAsync(selector);
            try
            {
                await page.WaitForSelectorAsync(opened, new() { Timeout = 2_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 10)
            {
            }
        }
    }
}
