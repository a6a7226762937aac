using System.Diagnostics;
using System.Globalization;
using MySqlConnector;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.RdsImport;

/// <summary>
/// What watching an import costs a real MariaDB: one progress poll on a 5,000-table schema (peer: a bare SELECT 1), and
/// the same dump imported with and without the panel polling, alternated so drift hits both alike.
/// </summary>
public static class ImportWatchScenario
{
    public const string Usage = "import-watch [--tables 5000] [--dump-mb 200] [--pairs 3] [--interval-ms 1000]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var tables = ScenarioArgs.Number(args, "--tables", 5000);
        var dumpMb = ScenarioArgs.Number(args, "--dump-mb", 200);
        var pairs = ScenarioArgs.Number(args, "--pairs", 3);
        var interval = TimeSpan.FromMilliseconds(ScenarioArgs.Number(args, "--interval-ms", 1000));
        await using var server = await MariaDbServer.StartAsync(cancellationToken);
        using var dir = new TempDirectory();

        Console.WriteLine($"import-watch: MariaDB on 127.0.0.1:{server.Port}; creating {tables} tables");
        await server.ExecuteAsync("CREATE DATABASE wide;", cancellationToken: cancellationToken);
        for (var start = 0; start < tables; start += 250)
        {
            var ddl = string.Concat(Enumerable.Range(start, Math.Min(250, tables - start)).Select(i => $"CREATE TABLE t{i:00000} (id int PRIMARY KEY, v varchar(40));"));
            await server.ExecuteAsync(ddl, "wide", cancellationToken);
        }

        await using var reader = new MySqlImportReader(server.RootConnectionString(), TimeProvider.System);
        await reader.ObserveAsync("wide", cancellationToken);
        var poll = await MedianAsync(20, () => reader.ObserveAsync("wide", cancellationToken));
        await using var bare = new MySqlConnection(server.RootConnectionString());
        await bare.OpenAsync(cancellationToken);
        var select1 = await MedianAsync(20, async () => { await using var c = new MySqlCommand("SELECT 1", bare); await c.ExecuteScalarAsync(cancellationToken); });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress poll on {tables} tables: median {poll.TotalMilliseconds:0.0} ms; SELECT 1 (peer): {select1.TotalMilliseconds:0.00} ms; ratio {poll / select1:0}x"));

        var dump = dir.File("dump.sql");
        SyntheticSchema.Write(dump, tables: 20, totalBytes: dumpMb * 1_000_000L);
        var manifest = await DumpScanner.ScanAsync(dump, "target", cancellationToken);
        var plain = new List<TimeSpan>();
        var watched = new List<TimeSpan>();
        var polls = 0;
        for (var pair = 0; pair < pairs; pair++)
        {
            plain.Add(await ImportAsync(server, dump, $"plain{pair}", cancellationToken));
            var (time, count) = await WatchedImportAsync(server, dump, $"watched{pair}", manifest, interval, cancellationToken);
            watched.Add(time);
            polls += count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pair {pair + 1}: unwatched {plain[^1].TotalSeconds:0.0} s, watched every {interval.TotalMilliseconds:0} ms {watched[^1].TotalSeconds:0.0} s ({count} polls)"));
        }

        var slowdown = (Median(watched) / Median(plain)) - 1;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median import: unwatched {Median(plain).TotalSeconds:0.0} s, watched {Median(watched).TotalSeconds:0.0} s: {slowdown * 100:+0.0;-0.0} % (goal < 2 %); {polls} polls in all"));
        return 0;
    }

    private static async Task<(TimeSpan Time, int Polls)> WatchedImportAsync(MariaDbServer server, string dump, string schema, ImportManifest manifest, TimeSpan interval, CancellationToken cancellationToken)
    {
        await using var reader = new MySqlImportReader(server.RootConnectionString(), TimeProvider.System);
        var tracker = new ImportTracker(manifest with { Schema = schema }, TimeSpan.FromMinutes(1));
        var polls = 0;
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                tracker.Observe(await reader.ObserveAsync(schema, stop.Token), schema, "127.0.0.1", "MariaDB", TimeSpan.FromMinutes(5));
                polls++;
            }
        }, stop.Token);
        var time = await ImportAsync(server, dump, schema, cancellationToken);
        await stop.CancelAsync();
        await watching.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return (time, polls);
    }

    private static async Task<TimeSpan> ImportAsync(MariaDbServer server, string dump, string schema, CancellationToken cancellationToken)
    {
        await server.ExecuteAsync($"CREATE DATABASE {schema};", cancellationToken: cancellationToken);
        var clock = Stopwatch.StartNew();
        using var import = server.StartClientImport(dump, schema);
        await import.WaitForExitAsync(cancellationToken);
        return import.ExitCode == 0 ? clock.Elapsed : throw new InvalidOperationException($"import failed: {await import.StandardError.ReadToEndAsync(cancellationToken)}");
    }

    private static async Task<TimeSpan> MedianAsync(int runs, Func<Task> action)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed);
        }

        return Median(times);
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);
}
