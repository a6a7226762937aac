using System.Text.Json;
using Microsoft.Playwright;
using OpsDashboard.Security;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.EndToEnd;

/// <summary>
/// A wall display in Chromium whose kiosk token is removed from appsettings.json while its circuit streams: the app
/// reloads the file (as it does with any edit to it), the circuit is ended and the display shows why it went dark.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class KioskRevocationEndToEndTests : IAsyncLifetime
{
    private const string Token = "revokeMeTokenForTheThirdFloorWall9876543210";
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    private string SettingsFile => Path.Combine(_dir.Path, "appsettings.json");

    public async Task InitializeAsync() => (_playwright, _browser) = await Browser.LaunchAsync();

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Removing_the_token_ends_the_open_circuit_and_the_display_says_it_was_revoked()
    {
        await WriteTokensAsync(new { Name = "third floor", Sha256 = KioskAccess.Hash(Token) });
        // A login proxy elsewhere, so that this loopback browser gets in by its kiosk token only.
        var settings = new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:Security:Access"] = "ProxyHeader",
            ["Dashboard:Security:TrustedProxies:0"] = "10.0.0.0/24",
        };
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), settings, new DashboardLaunch(WorkingDirectory: _dir.Path), _timeout.Token);
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(app.BaseUri, $"kiosk?token={Token}").ToString());
        await page.WaitForURLAsync("**/wall");
        await LivePages.WaitForLiveAsync(page);
        await page.EvaluateAsync("() => { window.__beforeRevocation = true; }");

        await WriteTokensAsync();

        // The check runs every 15 s; a minute is the promise.
        await page.WaitForSelectorAsync("[data-kiosk-revoked]", new() { Timeout = 60_000 });
        Assert.Contains("third floor", await page.InnerTextAsync("[data-kiosk-revoked]"), StringComparison.Ordinal);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__beforeRevocation === undefined"), "the display must have left the live page");
        Assert.Equal(0, await page.Locator("[data-heartbeat]").CountAsync());
        Assert.Contains("The token of kiosk third floor was revoked", app.Output, StringComparison.Ordinal);
    }

    private async Task WriteTokensAsync(params object[] tokens)
    {
        var json = JsonSerializer.Serialize(new { Dashboard = new { Security = new { KioskTokens = tokens } } });
        await File.WriteAllTextAsync(SettingsFile, json, _timeout.Token);
    }
}
