using System.Diagnostics;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.Panels.RdsImport;

/// <summary>
/// The end of an import on a real MariaDB: "finished" only when every table is loaded and nothing runs; an import that
/// stops short (server killed and restarted, client killed) is critical and says what was loaded; a paused client is a
/// stall that names its table, never "finished".
/// </summary>
[Collection(MariaDbCollection.Name)]
public sealed class ImportEndOnMariaDbTests(MariaDbFixture db)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_server_killed_mid_import_and_restarted_is_a_stopped_import_never_finished()
    {
        var watch = await WatchAsync("killed_server_target");
        using var load = db.Server.StartClientImport(db.DumpFile, watch.Schema);
        await watch.UntilAsync(p => p.Percent > 30, "30 % loaded");

        // The client prints the failed statement (a megabyte) to stderr, so that is read while it exits.
        var error = load.StandardError.ReadToEndAsync();
        await db.Server.StopAsync();
        try
        {
            await load.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            await db.Server.StartAgainAsync(CancellationToken.None);
        }

        var lastLine = (await error).Trim().Split('\n')[^1];
        var stopped = await watch.UntilAsync(p => p.Stopped, "stopped");
        db.Output.WriteLine($"server killed: client exit {load.ExitCode} ({lastLine}); tile: {stopped.Headline}: {stopped.Why}");
        Assert.NotEqual(0, load.ExitCode);
        Assert.StartsWith("ERROR 2013", lastLine, StringComparison.Ordinal);
        AssertStoppedShort(stopped);
        Assert.DoesNotContain(watch.Seen, p => p.Finished);
    }

    [Fact]
    public async Task A_client_killed_mid_import_is_a_stopped_import_that_says_what_was_loaded()
    {
        var watch = await WatchAsync("killed_client_target");
        using var load = db.Server.StartClientImport(db.DumpFile, watch.Schema);
        await watch.UntilAsync(p => p.Percent > 30, "30 % loaded");

        load.Kill(entireProcessTree: true);
        await load.WaitForExitAsync();

        var stopped = await watch.UntilAsync(p => p.Stopped, "stopped");
        db.Output.WriteLine($"client killed: {stopped.Headline}: {stopped.Why}");
        AssertStoppedShort(stopped);
        Assert.DoesNotContain(watch.Seen, p => p.Finished);
    }

    [Fact]
    public async Task A_client_paused_in_the_last_table_is_a_stall_in_that_table_never_finished_and_finishes_when_it_goes_on()
    {
        var watch = await WatchAsync("paused_target", stallAfter: TimeSpan.FromSeconds(3));
        var last = watch.Manifest.Tables[^1];
        var lastInserts = File.ReadLines(db.DumpFile).Count(l => l.StartsWith($"INSERT INTO `{last.Name}`", StringComparison.Ordinal));
        using var load = db.Server.StartClientOnStdin(watch.Schema);

        // The client gets the dump up to half of the last table's INSERTs, and is paused there.
        using var dump = File.ReadLines(db.DumpFile).GetEnumerator();
        for (var inserts = 0; inserts < lastInserts / 2 && dump.MoveNext();)
        {
            await load.StandardInput.WriteLineAsync(dump.Current);
            inserts += dump.Current.StartsWith($"INSERT INTO `{last.Name}`", StringComparison.Ordinal) ? 1 : 0;
        }

        await load.StandardInput.FlushAsync();
        await watch.UntilAsync(p => p.Tables[^1] is { State: TableLoadState.Loading, RowsEstimate: > 0 }, $"{last.Name} loading");
        await SignalAsync(load, "STOP");
        var pausedFrom = watch.Seen.Count;
        ImportProgress stalled;
        try
        {
            stalled = await watch.UntilAsync(p => p.Stalled, "stalled");
        }
        finally
        {
            await SignalAsync(load, "CONT");
        }

        db.Output.WriteLine($"client paused in {last.Name}: {stalled.Headline}: {stalled.Why}");
        Assert.Equal(DataHealth.Warning, stalled.Health);
        Assert.Matches($@"^no progress in {last.Name} for \d+ s, since \d\d:\d\d:\d\d UTC \(a client is connected but runs nothing: paused\?\)$", stalled.Why);
        Assert.Null(stalled.Eta);
        Assert.Null(stalled.EtaAtAverage);
        Assert.Equal(0, stalled.BytesPerSecond);
        Assert.InRange(stalled.Percent, 50, 99.9);
        Assert.DoesNotContain(watch.Seen.Skip(pausedFrom), p => p.Finished || p.Stopped);

        while (dump.MoveNext())
        {
            await load.StandardInput.WriteLineAsync(dump.Current);
        }

        load.StandardInput.Close();
        var finished = await watch.UntilAsync(p => p.Finished, "finished");
        await load.WaitForExitAsync();
        Assert.Equal(0, load.ExitCode);
        Assert.Equal(100, finished.Percent, 3);
        Assert.Equal(DataHealth.Ok, finished.Health);
    }

    private static void AssertStoppedShort(ImportProgress stopped)
    {
        Assert.Equal(DataHealth.Critical, stopped.Health);
        Assert.StartsWith("stopped at ", stopped.Headline, StringComparison.Ordinal);
        // Loaded past 30 % before it stopped; InnoDB's figures after a crash may lag, the exact count of the last table does not.
        Assert.InRange(stopped.Percent, 25, 99);
        Assert.Matches($@"^no statement running since \d\d:\d\d:\d\d UTC, {stopped.TablesDone} / 20 tables loaded: the import stopped or was aborted", stopped.Why);
        Assert.Contains("; not loaded: ", stopped.Why, StringComparison.Ordinal);
        Assert.InRange(stopped.TablesDone, 1, 19);
        Assert.Equal(TableLoadState.Waiting, stopped.Tables[^1].State);
        Assert.DoesNotContain(stopped.Tables, t => t.State == TableLoadState.Loading);
    }

    private static async Task SignalAsync(Process process, string signal)
    {
        using var kill = Process.Start("/bin/kill", [$"-{signal}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private async Task<ImportWatch> WatchAsync(string schema, TimeSpan? stallAfter = null)
    {
        await db.Server.ExecuteAsync($"DROP DATABASE IF EXISTS {schema}; CREATE DATABASE {schema};");
        var manifest = await DumpScanner.ScanAsync(db.DumpFile, "kitsune", CancellationToken.None);
        return new ImportWatch(db.Server.RootConnectionString(), schema, manifest, stallAfter ?? TimeSpan.FromMinutes(5));
    }

    /// <summary>The tracker and reader the panel's source uses, polled every 300 ms; a poll that fails (server down) is skipped.</summary>
    private sealed class ImportWatch(string connectionString, string schema, ImportManifest manifest, TimeSpan stallAfter)
    {
        private readonly ImportTracker _tracker = new(manifest, TimeSpan.FromSeconds(10));

        public string Schema => schema;

        public ImportManifest Manifest => manifest;

        public List<ImportProgress> Seen { get; } = [];

        public async Task<ImportProgress> UntilAsync(Func<ImportProgress, bool> condition, string what)
        {
            await using var reader = new MySqlImportReader(connectionString, TimeProvider.System);
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromMinutes(3))
            {
                try
                {
                    using var poll = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                    var progress = _tracker.Observe(await reader.ObserveAsync(schema, _tracker.ToCount, poll.Token), "test", "127.0.0.1", "MariaDB", stallAfter);
                    Seen.Add(progress);
                    if (condition(progress))
                    {
                        return progress;
                    }
                }
                catch (ImportSetupException)
                {
                }

                await Task.Delay(Poll);
            }

            throw new TimeoutException($"not {what} after 3 min: {(Seen.Count > 0 ? $"{Seen[^1].Headline}: {Seen[^1].Why}" : "no observation")}");
        }
    }
}
