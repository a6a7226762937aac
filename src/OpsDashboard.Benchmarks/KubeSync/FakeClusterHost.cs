using OpsDashboard.Tests.Fakes.Kubernetes;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// The fake API server's process (<c>kube-sync --serve</c>), so the measured client's memory is its own. Loads the
/// cluster, prints <c>ready KUBECONFIG</c>, then obeys lines on standard input: <c>churn start</c> (pod churn) or
/// <c>steps start</c> (rollout steps), <c>churn stop</c> or <c>steps stop</c> (answered with <c>wrote COUNT</c>) and <c>quit</c>.
/// </summary>
public static class FakeClusterHost
{
    public static async Task<int> RunAsync(KubeSyncOptions options, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        var cluster = new BenchmarkCluster(options.Nodes, options.Pods);
        // The real API server's watch cache sends a bookmark about once a minute, not the fake's default once a second.
        await using var server = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { BookmarkInterval = TimeSpan.FromMinutes(1) }, cancellationToken);
        var loading = time.GetTimestamp();
        Load(server, cluster);
        var directory = Directory.CreateTempSubdirectory("opsdashboard-kube-sync-");
        var kubeconfig = server.WriteKubeconfig(Path.Combine(directory.FullName, "kubeconfig.yaml"), "kube-sync");
        await Console.Error.WriteLineAsync($"fake API server on {server.BaseUri}: {options.Nodes:N0} nodes, {options.Pods:N0} pods loaded in {time.GetElapsedTime(loading).TotalSeconds:F1} s");
        Console.WriteLine($"ready {kubeconfig}");

        var churn = new PodChurn(server, cluster, options.ChangesPerMinute, time);
        var steps = new RolloutSteps(server, cluster, options.StepsPerMinute, time);
        CancellationTokenSource? churning = null;
        Task churned = Task.CompletedTask;
        try
        {
            while (await Console.In.ReadLineAsync(cancellationToken) is { } command && command != "quit")
            {
                switch (command)
                {
                    case "churn start":
                        churning = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        churned = Task.Run(() => churn.RunAsync(churning.Token), cancellationToken);
                        break;
                    case "steps start":
                        churning = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        churned = Task.Run(() => steps.RunAsync(churning.Token), cancellationToken);
                        break;
                    case "churn stop" or "steps stop":
                        await (churning?.CancelAsync() ?? Task.CompletedTask);
                        await churned;
                        Console.WriteLine($"wrote {(command == "churn stop" ? churn.Writes : steps.Steps)}");
                        break;
                    default:
                        await Console.Error.WriteLineAsync($"kube-sync --serve: unknown command '{command}'");
                        return 2;
                }
            }
        }
        finally
        {
            churning?.Dispose();
            directory.Delete(recursive: true);
        }

        return 0;
    }

    /// <summary>Puts the whole cluster in the fake server.</summary>
    public static void Load(FakeKubernetesApiServer server, BenchmarkCluster cluster)
    {
        foreach (var node in cluster.Nodes())
        {
            server.Upsert(node);
        }

        foreach (var daemonSet in cluster.DaemonSets())
        {
            server.Upsert(daemonSet);
        }

        foreach (var deployment in cluster.Deployments())
        {
            server.Upsert(deployment);
        }

        foreach (var replicaSet in cluster.ReplicaSets())
        {
            server.Upsert(replicaSet);
        }

        foreach (var autoscaler in cluster.Autoscalers())
        {
            server.Upsert(autoscaler);
        }

        for (var i = 0; i < cluster.PodCount; i++)
        {
            server.Upsert(cluster.Pod(i, 0, 0));
        }

        foreach (var warning in cluster.WarningEvents())
        {
            server.Upsert(warning);
        }
    }
}
