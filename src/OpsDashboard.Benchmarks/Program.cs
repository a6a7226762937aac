using OpsDashboard.Benchmarks.Cdn;
using OpsDashboard.Benchmarks.Circuits;
using OpsDashboard.Benchmarks.Freshness;
using OpsDashboard.Benchmarks.KubeSync;
using OpsDashboard.Benchmarks.Notifications;
using OpsDashboard.Benchmarks.RdsImport;
using OpsDashboard.Benchmarks.Reports;
using OpsDashboard.Benchmarks.ScaleOut;
using OpsDashboard.Benchmarks.Server;
using OpsDashboard.Benchmarks.SiteChecks;
using OpsDashboard.Benchmarks.Timeline;
using OpsDashboard.Benchmarks.WallSoak;

// Whole-system scenarios; each prints its figures and the peer they are measured against.
var scenarios = new Dictionary<string, Func<string[], CancellationToken, Task<int>>>(StringComparer.Ordinal)
{
    ["circuits"] = CircuitsScenario.RunAsync,
    ["cloudwatch-refresh"] = CloudWatchRefreshScenario.RunAsync,
    ["freshness"] = FreshnessScenario.RunAsync,
    ["import-watch"] = ImportWatchScenario.RunAsync,
    ["kube-sync"] = KubeSyncScenario.RunAsync,
    ["notify-latency"] = NotificationLatencyScenario.RunAsync,
    ["notify-storm"] = NotificationStormScenario.RunAsync,
    ["pods-page"] = PodsPageScenario.RunAsync,
    ["report-github"] = ReportGitHubScenario.RunAsync,
    ["scale-out"] = ScaleOutScenario.RunAsync,
    ["site-checks"] = SiteChecksScenario.RunAsync,
    [HeapCensus.Command] = HeapCensus.RunAsync,
    ["timeline"] = TimelineScenario.RunAsync,
    ["wall-soak"] = WallSoakScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    await Console.Error.WriteLineAsync(
        "usage: dotnet run -c Release --project src/OpsDashboard.Benchmarks -- <scenario> [options]\n" +
        $"scenarios: {string.Join(", ", scenarios.Keys)}\n" +
        CircuitsOptions.Usage + "\n" +
        CloudWatchRefreshScenario.Usage + "\n" +
        FreshnessScenario.Usage + "\n" +
        ImportWatchScenario.Usage + "\n" +
        KubeSyncOptions.Usage + "\n" +
        NotificationLatencyScenario.Usage + "\n" +
        NotificationStormScenario.Usage + "\n" +
        PodsPageScenario.Usage + "\n" +
        ReportGitHubScenario.Usage + "\n" +
        SiteChecksScenario.Usage + "\n" +
        ScaleOutScenario.Usage + "\n" +
        HeapCensus.Usage + "\n" +
        TimelineScenario.Usage + "\n" +
        WallSoakOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await run(args[1..], cancel.Token);
