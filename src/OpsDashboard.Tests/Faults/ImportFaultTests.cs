using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.Tests.Panels.RdsImport;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// The RDS import tile when its database or CloudWatch fails, on a real MariaDB loading a real dump, through the real
/// source, the collector and the store, as the overview renders it.
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class ImportFaultTests(MariaDbFixture db) : IDisposable
{
    private static readonly PanelKey Sumo = new(RdsImportPanel.Kind, MySqlImportProgressSource.Group, "sumo");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_database_gone_mid_import_shows_unreachable_since_when_over_the_last_progress_and_the_tile_recovers_when_it_is_back()
    {
        await db.Server.ExecuteAsync("DROP DATABASE IF EXISTS gone_target; CREATE DATABASE gone_target;");
        var import = new ImportWatchOptions { Name = "sumo", Schema = "gone_target", ConnectionString = db.Server.RootConnectionString(), ManifestPath = await ManifestAsync(), Interval = TimeSpan.FromSeconds(1) };
        await using var wall = new FaultWall();
        await using var source = new MySqlImportProgressSource(import, wall.Clock);
        await wall.CollectAsync(source);
        using var load = db.Server.StartClientImport(db.DumpFile, "gone_target");

        wall.AdvanceUntil(TimeSpan.FromSeconds(1), () =>
        {
            var tile = wall.Tile(Sumo);
            Assert.Null(tile.Fault);
            Assert.True(Percent(tile) > 5, tile.ToString());
        });
        var before = Percent(wall.Tile(Sumo));

        await db.Server.StopAsync();
        try
        {
            wall.AdvanceUntil(TimeSpan.FromSeconds(1), () =>
            {
                var tile = wall.Tile(Sumo);
                Assert.Equal("ERROR", tile.Status);
                Assert.Matches(@"^unreachable: .+ \(since 12:\d\d UTC\)$", tile.Fault);
                Assert.Matches(@"^data from \d+ s ago$", tile.Age);
                Assert.True(Percent(tile) >= before, $"the last progress is kept: {tile}");
                Assert.Matches(@"\d+ / \d+ tables", tile.Facts);
            });
        }
        finally
        {
            await db.Server.StartAgainAsync(CancellationToken.None);
        }

        wall.AdvanceUntil(TimeSpan.FromSeconds(1), () =>
        {
            var tile = wall.Tile(Sumo);
            Assert.Null(tile.Fault);
            Assert.NotEqual("ERROR", tile.Status);
            Assert.StartsWith("updated ", tile.Age, StringComparison.Ordinal);
        });

        // The mariadb client reconnects by itself and would go on loading; this test is done with it.
        load.Kill(entireProcessTree: true);
        await load.WaitForExitAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Expired_cloudwatch_credentials_say_so_among_the_import_facts_instead_of_dropping_the_cpu_credits_silently()
    {
        await using var cloudWatch = await FakeCloudWatch.StartAsync();
        var instance = new Dictionary<string, string> { ["DBInstanceIdentifier"] = "sumo-prod" };
        cloudWatch.Define("AWS/RDS", "CPUCreditBalance", instance, (_, _) => 144);
        cloudWatch.Define("AWS/RDS", "WriteIOPS", instance, (_, _) => 850);
        cloudWatch.Define("AWS/RDS", "FreeStorageSpace", instance, (_, _) => 80e9);
        var import = new ImportWatchOptions
        {
            Name = "sumo", Schema = "kitsune", ConnectionString = db.Server.RootConnectionString(), ManifestPath = await ManifestAsync(),
            Interval = TimeSpan.FromSeconds(5), DbInstanceIdentifier = "sumo-prod", InstanceClass = "db.t3.medium",
        };
        var credentials = new SwitchableCredentials();
        using var http = new HttpClient();
        await using var wall = new FaultWall();
        var refresh = new CloudWatchRefresh(
            new CloudWatchClient(http, credentials, wall.Clock, cloudWatch.Endpoint),
            [new RdsInstanceMetrics.Demand(new ImportOptions { Imports = [import] })],
            Options.Create(new CloudWatchOptions { Refresh = TimeSpan.FromMinutes(1) }),
            wall.Clock,
            NullLogger<CloudWatchRefresh>.Instance);
        await wall.RunAsync(refresh);
        await using var source = new MySqlImportProgressSource(import, wall.Clock, refresh);
        await wall.CollectAsync(source);
        wall.AdvanceUntil(TimeSpan.FromSeconds(1), () => Assert.Contains("CPU credits 144", wall.Tile(Sumo).Facts, StringComparison.Ordinal));

        credentials.Expire();
        wall.AdvanceUntil(TimeSpan.FromSeconds(5), () =>
        {
            var tile = wall.Tile(Sumo);
            Assert.Equal("finished", tile.Headline);
            Assert.Contains("no CloudWatch figures: AWS credentials have expired: renew them (aws sso login, or check the pod's IRSA token).", tile.Facts, StringComparison.Ordinal);
            Assert.DoesNotContain("CPU credits", tile.Facts, StringComparison.Ordinal);
        });
        Assert.DoesNotContain(FakeCloudWatch.SecretKey, wall.Page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(FakeCloudWatch.ExpiredSessionToken, wall.Page.Markup, StringComparison.Ordinal);

        credentials.Renew();
        wall.AdvanceUntil(TimeSpan.FromSeconds(5), () => Assert.Contains("CPU credits 144", wall.Tile(Sumo).Facts, StringComparison.Ordinal));
    }

    /// <summary>The headline's percentage ("42.5 %", or 100 when finished); -1 while it shows none.</summary>
    private static double Percent(TileView tile) =>
        tile.Headline == "finished" ? 100 : double.TryParse(tile.Headline.TrimEnd(' ', '%'), CultureInfo.InvariantCulture, out var percent) ? percent : -1;

    private async Task<string> ManifestAsync()
    {
        var path = _dir.File("manifest.json");
        await File.WriteAllTextAsync(path, (await DatabaseManifest.ReadAsync(db.Server.RootConnectionString(), "kitsune", exactRows: true, CancellationToken.None)).ToJson());
        return path;
    }
}
