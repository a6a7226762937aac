using System.Text;
using Microsoft.Playwright;
using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Security;

/// <summary>
/// Secrets planted in configuration (a database password, AWS and GitHub credentials) appear in no page and in no
/// message of the circuit, even while the sources that hold them are failing and showing their errors.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class SecretsTests : IAsyncLifetime
{
    private const string DbPassword = "PlantedDbPassword-7f3a91";
    private const string AwsSecret = "PlantedAwsSecret-c0ffee42";
    private const string GitHubToken = "ghp_PlantedGitHubToken0123456789abcdef";
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private DashboardProcess _app = null!;

    public async Task InitializeAsync()
    {
        var manifest = _dir.File("manifest.json");
        await File.WriteAllTextAsync(manifest, """{"source":"dump kitsune.sql","bytes":"row data","tables":[{"name":"wiki_document","rows":10,"bytes":1000}]}""");
        (_playwright, _browser) = await Browser.LaunchAsync();
        _app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), new Dictionary<string, string>
        {
            ["Dashboard:History:Path"] = _dir.File("h.db"),
            ["Dashboard:Demo:Mode"] = "Always",
            ["Dashboard:RdsImport:Imports:0:Name"] = "sumo",
            ["Dashboard:RdsImport:Imports:0:Schema"] = "kitsune",
            ["Dashboard:RdsImport:Imports:0:ConnectionString"] = $"Server=127.0.0.1;Port={DashboardProcess.FreePort()};User ID=dashboard;Password={DbPassword}",
            ["Dashboard:RdsImport:Imports:0:ManifestPath"] = manifest,
            ["Dashboard:RdsImport:Imports:0:Interval"] = "00:00:02",
            ["Dashboard:RdsImport:Imports:0:StallAfter"] = "00:00:05",
            ["Dashboard:RdsImport:Imports:0:RateWindow"] = "00:00:10",
            ["AWS_ACCESS_KEY_ID"] = "AKIDPLANTED",
            ["AWS_SECRET_ACCESS_KEY"] = AwsSecret,
            ["GITHUB_TOKEN"] = GitHubToken,
        }, _timeout.Token);
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
    public async Task Planted_secrets_appear_in_no_page_and_no_circuit_message()
    {
        var seen = new StringBuilder();
        var page = await _browser.NewPageAsync();
        page.WebSocket += (_, socket) =>
        {
            socket.FrameReceived += (_, frame) => Record(seen, frame.Text ?? Encoding.UTF8.GetString(frame.Binary ?? []));
            socket.FrameSent += (_, frame) => Record(seen, frame.Text ?? Encoding.UTF8.GetString(frame.Binary ?? []));
        };
        page.Response += async (_, response) =>
        {
            try
            {
                Record(seen, await response.TextAsync());
            }
            catch (PlaywrightException)
            {
                // Redirects and aborted requests have no body.
            }
        };

        await page.GotoAsync(new Uri(_app.BaseUri, "panels/rds-import/sumo").ToString());
        await page.WaitForSelectorAsync("[data-heartbeat], .data-status", new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("() => document.body.innerText.includes('refused') || document.body.innerText.includes('Unable to connect')", null, new() { Timeout = 30_000 });
        foreach (var path in new[] { "", "wall", "panels/cdn", "reports" })
        {
            await page.GotoAsync(new Uri(_app.BaseUri, path).ToString());
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Record(seen, await page.ContentAsync());
        }

        var everything = Snapshot(seen);
        Assert.Contains("sumo", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(DbPassword, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsSecret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(GitHubToken, everything, StringComparison.Ordinal);
    }

    private static void Record(StringBuilder seen, string text)
    {
        lock (seen)
        {
            seen.AppendLine(text);
        }
    }

    private static string Snapshot(StringBuilder seen)
    {
        lock (seen)
        {
            return seen.ToString();
        }
    }
}
