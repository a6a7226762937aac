using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using OpsDashboard.Kubernetes;
using k8s.Models;
using OpsDashboard.Panels;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Panels.Scaling;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>What one initial sync of the dashboard's client cost.</summary>
public sealed record SyncFigures(double SyncSeconds, double AllSyncedSeconds, long PeakRssBytes, long GcHeapBytes, long GcCommittedBytes, long RssAfterGcBytes, long BytesRead, int Nodes, int Pods);

/// <summary>What the client did in a steady-state window.</summary>
public sealed record SteadyFigures(double Minutes, long Relists, long RelistsSinceStart, long WatchesOpened, long Failures, long BytesRead, long PodEvents, IReadOnlyList<double> LatenciesMs, long PeakRssBytes, long GcHeapBytes);

/// <summary>
/// The measured client's process (<c>kube-sync --client KUBECONFIG</c>): the dashboard's own <see cref="ClusterWatcher"/>
/// and <see cref="ClusterState"/> with the default <see cref="ReflectorOptions"/>, watching every panel's resources (or,
/// with <c>--without-rollouts</c>, what it watched before the rollouts and scaling panels). Prints <c>synced JSON</c>
/// once nodes and pods are synced, then obeys <c>measure</c> (start a steady-state window), <c>report</c> (answered
/// with <c>steady JSON</c>), <c>rollouts</c> (answered with <c>rollouts JSON</c>) and <c>quit</c> on standard input.
/// </summary>
public static class SyncClient
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// What the client watched before the rollouts and scaling panels: no ReplicaSets, no HPAs, and of each workload its
    /// desired count alone (the peer of the rollouts projections' cost).
    /// </summary>
    public static IReadOnlyList<WatchedResource> WithoutRollouts { get; } =
    [
        .. DashboardPanels.KubernetesResources.Except([RolloutsOnClusters.ReplicaSets, ScalingOnClusters.Autoscalers, PodsOnClusters.Deployments, PodsOnClusters.StatefulSets, PodsOnClusters.DaemonSets]),
        PodsOnClusters.Deployments.Projecting(WorkloadProjection.SpecOnly),
        PodsOnClusters.StatefulSets.Projecting(WorkloadProjection.SpecOnly),
        PodsOnClusters.DaemonSets.Projecting(WorkloadProjection.SpecOnly),
    ];

    public static async Task<int> RunAsync(string kubeconfig, bool rollouts, CancellationToken cancellationToken)
    {
        var time = TimeProvider.System;
        using var loggers = LoggerFactory.Create(b => b.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Information));
        var started = time.GetTimestamp();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        var bytes = new ByteCountingHandler();
        var state = new ClusterState("kube-sync", time, rollouts ? DashboardPanels.KubernetesResources : WithoutRollouts);
        ChangeLatencySink<V1Pod>? pods = null;
        ChangeLatencySink<V1Deployment>? deployments = null;
        var tile = new RolloutTileLatency(time);
        object Wrap(string resource, object inner) => resource switch
        {
            "pods" => pods = new ChangeLatencySink<V1Pod>((IReflectorSink<V1Pod>)inner, time),
            "deployments" when rollouts => deployments = new ChangeLatencySink<V1Deployment>((IReflectorSink<V1Deployment>)inner, time, tile.Stepped),
            _ => inner,
        };

        using var watcher = ClusterWatcher.Connect(state, config, new ReflectorOptions(), time, loggers, Wrap, bytes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = Task.Run(() => watcher.RunAsync(stop.Token), cancellationToken);

        await WaitForAsync(state, () => state.NodesSynced() && state.PodsSynced(), cancellationToken);
        var synced = time.GetElapsedTime(started);
        var peak = ProcessMemory.Read().PeakRssBytes;
        await WaitForAsync(state, () => AllSynced(state), cancellationToken);
        var allSynced = time.GetElapsedTime(started);
        var heap = CompactedHeap();
        var (nodeCount, podCount) = Counts(state);
        var committed = GC.GetGCMemoryInfo().TotalCommittedBytes;
        Print("synced", new SyncFigures(synced.TotalSeconds, allSynced.TotalSeconds, peak, heap, committed, ProcessMemory.Read().RssBytes, bytes.BytesRead, nodeCount, podCount));

        // The rollouts tile, made as the app makes it: ClusterPublisher's loop over this cluster's state.
        var publishing = rollouts ? ClusterPublisher.RunClusterAsync(state, time, (s, now) =>
        {
            if (s.RolloutsSynced())
            {
                var began = time.GetTimestamp();
                var snapshot = s.RolloutsSnapshot(now);
                tile.Published(snapshot, time.GetElapsedTime(began));
            }
        }, stop.Token) : Task.CompletedTask;
                var window = (Start: time.GetTimestamp(), Bytes: 0L, Relists: 0L, Watches: 0L, Failures: 0L, Events: 0L);
        while (await Console.In.ReadLineAsync(cancellationToken) is { } command && command != "quit")
        {
            var stats = watcher.AllStats.ToList();
            var (relists, watches, failures, events) = (stats.Sum(s => s.Relists), stats.Sum(s => s.WatchesOpened), stats.Sum(s => s.Failures), watcher["pods"].Stats.Events);
            switch (command)
            {
                case "rollouts":
                    Print("rollouts", tile.Take(deployments?.TakeLatencies() ?? []));
                    break;
                case "measure":
                    pods!.TakeLatencies();
                    deployments?.TakeLatencies();
                    tile.Take([]);
                    window = (time.GetTimestamp(), bytes.BytesRead, relists, watches, failures, events);
                    break;
                case "report":
                    Print("steady", new SteadyFigures(
                        time.GetElapsedTime(window.Start).TotalMinutes, relists - window.Relists, relists, watches - window.Watches, failures - window.Failures,
                        bytes.BytesRead - window.Bytes, events - window.Events, pods!.TakeLatencies(), ProcessMemory.Read().PeakRssBytes, CompactedHeap()));
                    break;
                default:
                    await Console.Error.WriteLineAsync($"kube-sync --client: unknown command '{command}'");
                    return 2;
            }
        }

        await stop.CancelAsync();
        await running;
        try
        {
            await publishing;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped with the watches.
        }

        return 0;
    }

    /// <summary>What the state really holds: the GC heap after a full compacting collection.</summary>
    private static long CompactedHeap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static bool AllSynced(ClusterState state)
    {
        lock (state.Lock)
        {
            return state.Synced([.. state.Resources]);
        }
    }

    private static (int Nodes, int Pods) Counts(ClusterState state)
    {
        lock (state.Lock)
        {
            return (state.Sink(NodesOnClusters.Nodes).Items.Count, state.Sink(PodsOnClusters.Pods).Items.Count);
        }
    }

    private static async Task WaitForAsync(ClusterState state, Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var version = state.Version;
            if (condition())
            {
                return;
            }

            await state.WaitForChangeAsync(version, cancellationToken);
        }
    }

    private static void Print<T>(string label, T figures) => Console.WriteLine($"{label} {JsonSerializer.Serialize(figures, Json)}");
}
