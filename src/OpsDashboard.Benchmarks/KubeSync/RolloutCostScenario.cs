using OpsDashboard.Benchmarks.Server;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// <c>kube-sync --rollouts</c>: what the rollouts and scaling projections (ReplicaSets, the workloads' rollout fields,
/// HPAs) cost the dashboard's Kubernetes client, as a ratio to the client without them synced from the same fake in the
/// same run, alternating which goes first; then, in the last run, how long a rollout step takes to reach the tile.
/// </summary>
public static class RolloutCostScenario
{
    public static async Task<RolloutCostReport> MeasureAsync(KubeSyncOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var server = ScenarioProcess.Start("server", "kube-sync", options.ServeArguments, serverGc: false);
        var kubeconfig = await server.ReadAsync("ready", cancellationToken);
        var report = new RolloutCostReport(options);
        for (var run = 1; run <= options.Runs; run++)
        {
            var figures = new Dictionary<bool, SyncFigures>();
            // Alternate which goes first, so neither always meets the other engineers' load at the same point.
            foreach (var rollouts in run % 2 == 1 ? new[] { false, true } : [true, false])
            {
                await using var client = ScenarioProcess.Start(rollouts ? "client" : "peer", "kube-sync", rollouts ? ["--client", kubeconfig] : ["--client", kubeconfig, "--without-rollouts"], serverGc: true);
                var synced = KubeSyncScenario.Parse<SyncFigures>(await client.ReadAsync("synced", cancellationToken));
                if (synced.Pods != options.Pods || synced.Nodes != options.Nodes)
                {
                    throw new InvalidOperationException($"The client synced {synced.Nodes} nodes and {synced.Pods} pods, not {options.Nodes} and {options.Pods}.");
                }

                figures[rollouts] = synced;
                if (rollouts && run == options.Runs)
                {
                    report.Steps = await StepsAsync(server, client, options, report, cancellationToken);
                }
            }

            report.Runs.Add(new RolloutCostRun(run, figures[false], figures[true]));
            await Console.Error.WriteLineAsync($"run {run}: {report.Runs[^1]}");
        }

        return report;
    }

    private static async Task<RolloutFigures> StepsAsync(ScenarioProcess server, ScenarioProcess client, KubeSyncOptions options, RolloutCostReport report, CancellationToken cancellationToken)
    {
        await Console.Error.WriteLineAsync($"rollout steps: {options.StepsPerMinute} a minute for {options.StepMinutes} min");
        (report.Stepped, var steps) = await KubeSyncScenario.WindowAsync<RolloutFigures>(server, client, "steps", options.StepMinutes, ("rollouts", "rollouts"), cancellationToken);
        return steps;
    }
}
