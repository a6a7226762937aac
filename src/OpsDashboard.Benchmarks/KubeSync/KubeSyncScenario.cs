using System.Globalization;
using System.Text.Json;
using OpsDashboard.Benchmarks.Server;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// <c>kube-sync</c>: the dashboard's Kubernetes client against a fake cluster of 5,000 nodes and 150,000 pods, side by
/// side with <c>kubectl get pods -A -o json</c>: initial sync time and peak RSS, then relists, bytes read and
/// change-to-state latency under pod churn. Three processes, so each RSS is its own: this runner, the fake API server
/// and the measured client.
/// </summary>
public static class KubeSyncScenario
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var options = KubeSyncOptions.Parse(args);
        if (options is null)
        {
            return 2;
        }

        if (options.Serve)
        {
            return await FakeClusterHost.RunAsync(options, cancellationToken);
        }

        if (options.ClientKubeconfig is { } kubeconfig)
        {
            return await SyncClient.RunAsync(kubeconfig, !options.WithoutRollouts, cancellationToken);
        }

        Console.WriteLine(options.Rollouts ? (await RolloutCostScenario.MeasureAsync(options, cancellationToken)).ToMarkdown() : (await MeasureAsync(options, cancellationToken)).ToMarkdown());
        return 0;
    }

    private static async Task<KubeSyncReport> MeasureAsync(KubeSyncOptions options, CancellationToken cancellationToken)
    {
        await using var server = ScenarioProcess.Start("server", "kube-sync", options.ServeArguments, serverGc: false);
        var kubeconfig = await server.ReadAsync("ready", cancellationToken);
        var kubectl = new KubectlPeer(kubeconfig, Path.Combine(Path.GetDirectoryName(kubeconfig)!, "kubectl"));
        var report = new KubeSyncReport(options, await kubectl.VersionAsync(cancellationToken));
        for (var run = 1; run <= options.Runs; run++)
        {
            // Alternate which goes first, so neither always meets the other engineers' load at the same point.
            var first = run % 2 == 1 ? await kubectl.GetAllPodsAsync(cancellationToken) : null;
            SyncFigures ours;
            await using (var client = ScenarioProcess.Start("client", "kube-sync", ["--client", kubeconfig], serverGc: true))
            {
                ours = Parse<SyncFigures>(await client.ReadAsync("synced", cancellationToken));
                if (ours.Pods != options.Pods || ours.Nodes != options.Nodes)
                {
                    throw new InvalidOperationException($"The client synced {ours.Nodes} nodes and {ours.Pods} pods, not {options.Nodes} and {options.Pods}.");
                }

                if (run == options.Runs)
                {
                    report.Steady = await SteadyStateAsync(server, client, options, report, cancellationToken);
                }
            }

            report.Syncs.Add(new SyncRun(run, ours, first ?? await kubectl.GetAllPodsAsync(cancellationToken)));
            await Console.Error.WriteLineAsync($"run {run}: {report.Syncs[^1]}");
        }

        return report;
    }

    private static async Task<SteadyFigures> SteadyStateAsync(ScenarioProcess server, ScenarioProcess client, KubeSyncOptions options, KubeSyncReport report, CancellationToken cancellationToken)
    {
        await Console.Error.WriteLineAsync($"steady state: {options.ChangesPerMinute:N0} pod writes a minute for {options.ChurnMinutes} min");
        (report.Writes, var steady) = await WindowAsync<SteadyFigures>(server, client, "churn", options.ChurnMinutes, ("report", "steady"), cancellationToken);
        return steady;
    }

    /// <summary>
    /// A measured window: the client starts measuring, the fake writes (<c>WRITES start</c>) for <paramref name="minutes"/>
    /// and says how much it wrote; then the client is asked what it saw.
    /// </summary>
    internal static async Task<(long Written, T Figures)> WindowAsync<T>(
        ScenarioProcess server, ScenarioProcess client, string writes, double minutes, (string Command, string Answer) ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(client);
        await client.SendAsync("measure");
        await server.SendAsync($"{writes} start");
        await Task.Delay(TimeSpan.FromMinutes(minutes), cancellationToken);
        await server.SendAsync($"{writes} stop");
        var written = long.Parse(await server.ReadAsync("wrote", cancellationToken), CultureInfo.InvariantCulture);
        // Let the last changes arrive (and reach a tile, whose publisher waits a second between snapshots) before the window closes.
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        await client.SendAsync(ask.Command);
        return (written, Parse<T>(await client.ReadAsync(ask.Answer, cancellationToken)));
    }

    internal static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, SyncClient.Json) ?? throw new InvalidOperationException($"Unreadable figures: {json}");
}
