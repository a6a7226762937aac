using Microsoft.Playwright;
using OpsDashboard.Tests.Reports.Git;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>The Reports page in real Chromium against the real app reading a git repository the test builds.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ReportsEndToEndTests : IAsyncLifetime
{
    // MudBlazor puts unknown attributes on the input itself or on its wrapper, depending on the component.
    private const string From = "input[data-field='from'], [data-field='from'] input";
    private const string To = "input[data-field='to'], [data-field='to'] input";
    private const string Intro = "textarea[data-intro='SRE general'], [data-intro='SRE general'] textarea";
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private GitRepository _repo = null!;
    private DashboardProcess _app = null!;

    public async Task InitializeAsync()
    {
        _repo = await InfraHistory.BuildAsync(_timeout.Token);
        (_playwright, _browser) = await Browser.LaunchAsync();
        _app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:Reports:Team"] = "MozMEAO SRE",
            ["Dashboard:Reports:Author"] = "Dave Parfitt",
            ["Dashboard:Reports:Source"] = "Git",
            ["Dashboard:Reports:Sections:0:Name"] = "SRE general",
            ["Dashboard:Reports:Sections:0:Repos:0"] = "mozmeao/infra",
            ["Dashboard:Reports:Links:0:Title"] = "Github project tracking SRE work",
            ["Dashboard:Reports:Links:0:Url"] = "https://github.com/mozmar/infra/projects/2",
            ["Dashboard:Reports:Git:Repositories:0:Repo"] = "mozmeao/infra",
            ["Dashboard:Reports:Git:Repositories:0:Path"] = _repo.Path,
            ["Dashboard:Reports:StatePath"] = _dir.File("report-state.json"),
        }, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _repo.Dispose();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_report_is_generated_previewed_given_an_intro_and_offered_for_download_and_copy()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1600, Height = 1200 } });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = _app.BaseUri.ToString().TrimEnd('/') });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(_app.BaseUri, "reports").ToString());
        await page.WaitForSelectorAsync("[data-report-window][data-interactive='true']", new() { Timeout = 30_000 });

        await page.FillAsync(From, "2017-11-14");
        await page.FillAsync(To, "2017-12-05");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-window-text]').textContent.includes('2017-12-06 00:00:00 UTC (exclusive)')", null, new() { Timeout = 10_000 });
        await page.ClickAsync("[data-action='generate']");

        await page.WaitForSelectorAsync("[data-markdown]", new() { Timeout = 30_000 });
        var markdown = await page.InnerTextAsync("[data-markdown]");
        Assert.Contains("Here's what happened on the MozMEAO SRE team from November 14th - December 5th.", markdown, StringComparison.Ordinal);
        Assert.Contains("- [increase threshold of failure for liveness/readiness probes](https://github.com/mozmeao/infra/pull/665) ([@escattone](https://github.com/escattone))", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("dependabot", markdown, StringComparison.Ordinal);
        Assert.Contains("1 of these was from 1 first-time contributor: @escattone", await page.InnerTextAsync("[data-report-stats]"), StringComparison.Ordinal);
        Assert.Equal(3, await page.Locator("[data-report-preview] li a[href*='/pull/']").CountAsync());

        await page.FillAsync(Intro, "Load balancer tests landed for MDN.");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-markdown]').textContent.includes('### SRE general\\n\\nLoad balancer tests landed for MDN.\\n\\n- [')", null, new() { Timeout = 10_000 });
        Assert.Equal("Load balancer tests landed for MDN.", await page.InnerTextAsync("[data-preview-intro='SRE general']"));

        var download = page.Locator("[data-action='download']");
        Assert.Equal("2017-12-05-sre-status.md", await download.GetAttributeAsync("download"));
        var downloaded = Uri.UnescapeDataString((await download.GetAttributeAsync("href"))!["data:text/markdown;charset=utf-8,".Length..]);
        Assert.Equal(await page.EvaluateAsync<string>("() => document.querySelector('[data-markdown]').textContent"), downloaded);

        await page.ClickAsync("[data-action='copy']");
        await page.WaitForSelectorAsync("[data-copied]", new() { Timeout = 10_000 });
        Assert.Equal(downloaded, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "reports-page.png"), FullPage = true });

        // The next visit starts where this report ended.
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("[data-report-window][data-interactive='true']", new() { Timeout = 30_000 });
        Assert.Equal("2017-12-06", await page.InputValueAsync(From));
    }
}
