using Microsoft.Extensions.Logging.Abstractions;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.RdsImport;

/// <summary>What the import tile says when the database or the setup is wrong, on a real MariaDB.</summary>
[Collection(MariaDbCollection.Name)]
public sealed class ImportFaultsOnMariaDbTests(MariaDbFixture db) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<string> ManifestAsync()
    {
        var path = _dir.File("manifest.json");
        await File.WriteAllTextAsync(path, (await DatabaseManifest.ReadAsync(db.Server.RootConnectionString(), "kitsune", exactRows: true, CancellationToken.None)).ToJson());
        return path;
    }

    private static async Task<string> ReadOnceAsync(ImportWatchOptions import)
    {
        await using var source = new MySqlImportProgressSource(import, TimeProvider.System);
        var sink = new RecordingSink<ImportProgress>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var run = source.RunAsync(sink, stop.Token);
        var message = await sink.NextFailureAsync(stop.Token);
        await stop.CancelAsync();
        await run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        return message;
    }

    /// <summary>The first failure the source reports for the kitsune schema, read as a user created with these grants.</summary>
    private async Task<string> ReadAsAsync(string user, string grants, string password = "right")
    {
        await db.Server.ExecuteAsync($"CREATE USER IF NOT EXISTS '{user}'@'%' IDENTIFIED BY 'right'; {grants}");
        return await ReadOnceAsync(new ImportWatchOptions { Name = "sumo", Schema = "kitsune", ConnectionString = db.Server.ConnectionString(user, password), ManifestPath = await ManifestAsync() });
    }

    [Fact]
    public async Task A_wrong_password_says_to_check_the_connection_string()
    {
        var message = await ReadAsAsync("dashboard", "GRANT SELECT ON kitsune.* TO 'dashboard'@'%'; GRANT PROCESS ON *.* TO 'dashboard'@'%';", password: "wrong");

        Assert.StartsWith("access denied:", message, StringComparison.Ordinal);
        Assert.Contains("Check the user and password of the import's ConnectionString", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_schema_is_named()
    {
        var message = await ReadOnceAsync(new ImportWatchOptions { Name = "sumo", Schema = "kitsune_typo", ConnectionString = db.Server.RootConnectionString(), ManifestPath = await ManifestAsync() });

        Assert.StartsWith("schema `kitsune_typo` does not exist on 127.0.0.1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_schema_the_user_cannot_read_says_which_grant_may_be_missing_not_that_it_does_not_exist()
    {
        var message = await ReadAsAsync("nogrants", grants: "");

        Assert.StartsWith("schema `kitsune` is not visible to 'nogrants'@'%' on 127.0.0.1: it does not exist yet, or 'nogrants'@'%' may be missing a grant: SELECT on `kitsune`.* (GRANT SELECT ON `kitsune`.* TO 'nogrants'@'%'; it needs PROCESS too)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_without_process_is_told_it_may_be_missing_that_grant()
    {
        var message = await ReadAsAsync("noprocess", "GRANT SELECT ON kitsune.* TO 'noprocess'@'%';");

        Assert.StartsWith("'noprocess'@'%' may be missing a grant: PROCESS, without which the import's statements on 127.0.0.1 cannot be seen", message, StringComparison.Ordinal);
        Assert.EndsWith("(GRANT PROCESS ON *.* TO 'noprocess'@'%')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_for_another_schema_is_called_out()
    {
        var other = _dir.File("other.json");
        await File.WriteAllTextAsync(other, new ImportManifest("mdn", "dump mdn.sql", ImportManifest.BytesFromDump, [new("wiki_document", 10, 1000), new("wiki_revision", 20, 2000)]).ToJson());

        var message = await ReadOnceAsync(new ImportWatchOptions { Name = "sumo", Schema = "kitsune", ConnectionString = db.Server.RootConnectionString(), ManifestPath = other });

        Assert.StartsWith("the schema has tables the manifest does not list (t01_questions", message, StringComparison.Ordinal);
        Assert.Contains("is this the right manifest? It lists 2 tables of dump mdn.sql", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_read_only_user_with_the_documented_grants_sees_progress_and_the_running_statement()
    {
        await db.Server.ExecuteAsync("DROP DATABASE IF EXISTS readonly_target; CREATE DATABASE readonly_target;");
        await db.Server.ExecuteAsync("CREATE USER IF NOT EXISTS 'dashboard'@'%' IDENTIFIED BY 'right'; GRANT SELECT ON readonly_target.* TO 'dashboard'@'%'; GRANT PROCESS ON *.* TO 'dashboard'@'%';");
        await using var reader = new MySqlImportReader(db.Server.ConnectionString("dashboard", "right"), TimeProvider.System);
        using var import = db.Server.StartClientImport(db.DumpFile, "readonly_target");

        ImportObservation observation;
        do
        {
            observation = await reader.ObserveAsync("readonly_target", CancellationToken.None);
        }
        while (!(observation.Running.Any(r => r.Table is not null) && observation.Tables.Count > 0) && !import.HasExited);

        await import.WaitForExitAsync();
        Assert.Contains(observation.Running, r => r.User == "root" && r.Table is not null);
        Assert.NotEmpty(observation.Tables);
    }

    [Fact]
    public async Task A_server_stopped_mid_import_shows_the_error_keeps_the_last_progress_and_recovers()
    {
        await db.Server.ExecuteAsync("DROP DATABASE IF EXISTS stopped_target; CREATE DATABASE stopped_target;");
        var import = new ImportWatchOptions { Name = "sumo", Schema = "stopped_target", ConnectionString = db.Server.RootConnectionString(), ManifestPath = await ManifestAsync(), Interval = TimeSpan.FromMilliseconds(300) };
        await using var source = new MySqlImportProgressSource(import, TimeProvider.System);
        var store = new PanelStore(TimeProvider.System);
        using var collector = new SourceCollector<ImportProgress>(source, store, TimeProvider.System, NullLogger<SourceCollector<ImportProgress>>.Instance);
        var key = new PanelKey(RdsImportPanel.Kind, MySqlImportProgressSource.Group, "sumo");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await collector.StartAsync(timeout.Token);
        using var load = db.Server.StartClientImport(db.DumpFile, "stopped_target");

        using var started = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var before = await store.WaitForAsync(v => v[key]?.Snapshot is ImportProgress { Percent: > 5 }, started.Token)
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : throw new TimeoutException($"no progress: {store.Current[key]}"), TaskScheduler.Default);
        var progress = (ImportProgress)before[key]!.Snapshot!;
        await db.Server.StopAsync();
        try
        {
            var failing = await store.WaitForAsync(v => v[key]?.Fault is not null, timeout.Token);
            Assert.StartsWith("unreachable:", failing[key]!.Fault!.Message, StringComparison.Ordinal);
            Assert.True(((ImportProgress)failing[key]!.Snapshot!).Percent >= progress.Percent, "the last progress is kept");
        }
        finally
        {
            await db.Server.StartAgainAsync(timeout.Token);
        }

        var recovered = await store.WaitForAsync(v => v[key] is { Fault: null, Snapshot: ImportProgress }, timeout.Token);
        Assert.NotEmpty(((ImportProgress)recovered[key]!.Snapshot!).Tables);
        await collector.StopAsync(CancellationToken.None);

        // The mariadb client reconnects by itself and would go on loading; this test is done with it.
        load.Kill(entireProcessTree: true);
        await load.WaitForExitAsync(CancellationToken.None);
    }
}
