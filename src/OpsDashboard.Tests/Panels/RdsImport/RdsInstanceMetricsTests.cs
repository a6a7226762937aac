using Amazon.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.Tests.Fakes.CloudWatch;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.RdsImport;

/// <summary>The import target's CloudWatch figures: the t2 credit trap, a disk too small for what is left, and the shared refresh.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class RdsInstanceMetricsTests(MariaDbFixture db) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2017, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly HttpClient _http = new();
    private FakeCloudWatch _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeCloudWatch.StartAsync();
        var instance = new Dictionary<string, string> { ["DBInstanceIdentifier"] = "sumo-prod-import" };
        _fake.Define("AWS/RDS", "WriteIOPS", instance, (_, _) => 420);
        _fake.Define("AWS/RDS", "FreeStorageSpace", instance, (_, _) => 50e9);
        // Credits fall 30 an hour: 35 left at the end of the hour asked for.
        _fake.Define("AWS/RDS", "CPUCreditBalance", instance, (t, _) => 35 + (30 * (TimeProvider.System.GetUtcNow() - t).TotalHours));
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void A_t2_out_of_credits_turns_a_running_import_into_a_warning_that_names_the_trap()
    {
        var progress = Progress(finished: false) with { InstanceMetrics = new RdsInstanceMetrics(400, 50e9, 3, -40, T0) };

        Assert.Equal(DataHealth.Warning, progress.Health);
        Assert.Equal("CPU credits 3 (−40/h): db.t2.small is held to its baseline CPU and the import slows to a crawl", progress.Why);
    }

    [Theory]
    [InlineData(90, 30, DataHealth.Ok)]
    [InlineData(90, 150, DataHealth.Warning)]
    public void Credits_that_will_run_out_before_the_eta_are_a_warning_while_the_import_can_still_be_moved(int etaMinutes, int creditsPerHour, DataHealth expected)
    {
        // 60 credits above the floor of 10: at −30/h they last 2 h (past a 90 min ETA), at −150/h 24 min (before it).
        var progress = Progress(finished: false) with { Eta = TimeSpan.FromMinutes(etaMinutes), InstanceMetrics = new RdsInstanceMetrics(400, 50e9, 70, -creditsPerHour, T0) };

        Assert.Equal(expected, progress.Health);
        Assert.Equal(
            expected == DataHealth.Warning ? "CPU credits run out in 24 min, before the import's ETA of 1 h 30 min: then db.t2.small is held to its baseline CPU and the import slows to a crawl" : null,
            progress.Why);
    }

    [Fact]
    public void Falling_credits_say_when_they_run_out_and_a_finished_import_does_not_warn()
    {
        var metrics = new RdsInstanceMetrics(400, 50e9, 90, -40, T0);

        Assert.Equal(TimeSpan.FromHours(2), metrics.CreditsRunOutIn);
        Assert.Equal(DataHealth.Ok, (Progress(finished: true) with { InstanceMetrics = metrics with { CpuCreditBalance = 0 } }).Health);
    }

    [Fact]
    public void Less_free_storage_than_bytes_still_to_load_is_a_warning()
    {
        var progress = Progress(finished: false) with { InstanceMetrics = new RdsInstanceMetrics(400, 1e9, null, null, T0) };

        Assert.True(progress.StorageShort);
        Assert.Equal("1 GB free on sumo-prod-import but 2 GB still to load", progress.Why);
    }

    [Fact]
    public async Task Cdn_and_rds_series_in_one_region_share_one_call_per_refresh()
    {
        var cdn = new CdnOptions { Distributions = [new CdnDistributionOptions { Id = "E1" }] };
        var imports = new ImportOptions { Imports = [new ImportWatchOptions { Name = "sumo", DbInstanceIdentifier = "sumo-prod-import", Region = "us-east-1", InstanceClass = "db.t2.small" }] };
        var refresh = Refresh([new CdnSeriesPlan.Demand(cdn), new RdsInstanceMetrics.Demand(imports)]);

        await refresh.StartAsync(CancellationToken.None);
        var round = await refresh.NextAsync(0, CancellationToken.None);
        await refresh.StopAsync(CancellationToken.None);

        Assert.Equal(1, _fake.Calls);
        Assert.Equal(5 + 3, round.Fetch.MetricsRequested);
        Assert.Empty(round.Fetch.Errors);
    }

    [Fact]
    public async Task The_mysql_source_puts_the_instances_cloudwatch_figures_on_the_import()
    {
        var manifest = _dir.File("manifest.json");
        await File.WriteAllTextAsync(manifest, (await DatabaseManifest.ReadAsync(db.Server.RootConnectionString(), "kitsune", exactRows: true, CancellationToken.None)).ToJson());
        var import = new ImportWatchOptions
        {
            Name = "sumo", Schema = "kitsune", ConnectionString = db.Server.RootConnectionString(), ManifestPath = manifest,
            DbInstanceIdentifier = "sumo-prod-import", Region = "us-west-2", InstanceClass = "db.t2.small", Interval = TimeSpan.FromSeconds(1),
        };
        var refresh = Refresh([new RdsInstanceMetrics.Demand(new ImportOptions { Imports = [import] })]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await refresh.StartAsync(stop.Token);
        await refresh.NextAsync(0, stop.Token);
        await using var source = new MySqlImportProgressSource(import, TimeProvider.System, refresh);
        var sink = new RecordingSink<ImportProgress>();
        var run = source.RunAsync(sink, stop.Token);

        var (_, _, progress) = await sink.NextAsync(stop.Token);

        var instance = progress.InstanceMetrics!;
        Assert.Null(instance.Error);
        Assert.Equal(420, instance.WriteIops);
        Assert.Equal(50e9, instance.FreeStorageBytes);
        Assert.InRange(instance.CpuCreditBalance!.Value, 35, 40);
        Assert.InRange(instance.CreditsPerHour!.Value, -31, -29);
        await refresh.StopAsync(CancellationToken.None);
        await stop.CancelAsync();
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
    }

    private CloudWatchRefresh Refresh(IEnumerable<ICloudWatchDemand> demands) => new(
        new CloudWatchClient(_http, new StaticCredentialSource(new BasicAWSCredentials(FakeCloudWatch.AccessKey, FakeCloudWatch.SecretKey)), TimeProvider.System, _fake.Endpoint),
        demands,
        Options.Create(new CloudWatchOptions { Refresh = TimeSpan.FromMinutes(1) }),
        TimeProvider.System,
        NullLogger<CloudWatchRefresh>.Instance);

    private static ImportProgress Progress(bool finished) => new(
        "sumo", "sumo-prod-import", "db.t2.small",
        [new TableProgress("wiki_document", TableLoadState.Done, 1_000_000_000, 1_000_000_000, 10, 10),
         new TableProgress("wiki_revision", finished ? TableLoadState.Done : TableLoadState.Loading, finished ? 2_000_000_000 : 0, 2_000_000_000, 0, 10)],
        1e6, null, null, null, TimeSpan.FromMinutes(5));
}
