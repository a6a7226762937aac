using Microsoft.Playwright;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>The real app on a loopback port and a headless Chromium, for the end-to-end tests of one class.</summary>
public abstract class AppInBrowserTest : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    protected TempDirectory Dir { get; } = new();

    protected CancellationTokenSource Timeout { get; } = new(TimeSpan.FromMinutes(3));

    protected IBrowser Chromium { get; private set; } = null!;

    protected DashboardProcess App { get; private set; } = null!;

    /// <summary>The app's settings: by default, the demo fleet with history in the test's own folder.</summary>
    protected virtual Dictionary<string, string> Settings() => new() { ["Dashboard:History:Path"] = Dir.File("h.db") };

    public async Task InitializeAsync()
    {
        (_playwright, Chromium) = await Browser.LaunchAsync();
        App = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), Settings(), Timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Chromium.DisposeAsync();
        _playwright.Dispose();
        Timeout.Dispose();
        Dir.Dispose();
    }

    /// <summary>Follows a link by its address: the URL a person clicks, without racing the page's first swap from prerendered to live HTML.</summary>
    protected async Task GoToLinkAsync(IPage page, string selector)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(new Uri(App.BaseUri, await page.GetAttributeAsync(selector, "href")).ToString());
    }
}
