using k8s;
using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Pods;

/// <summary>
/// What the pod readiness panel watches on every cluster (pods, Warning events, the workloads' desired counts), its
/// per-cluster ledgers of restarts and event counts, and its snapshot and drill-downs of what a cluster holds.
/// </summary>
public static class PodsOnClusters
{
    public static readonly TimeSpan EventRetention = TimeSpan.FromHours(1);

    public static readonly WatchedResource<V1Pod, (string Namespace, string Name), PodInfo> Pods = new("pods",
        client => ResourceApi<V1Pod>.Create<V1PodList>("pods",
            (limit, token, ct) => client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        p => (p.Metadata.NamespaceProperty, p.Metadata.Name),
        PodProjection.From,
        state => state.Companion(PodLedgers.Create).PodHooks);

    public static readonly WatchedResource<Corev1Event, string, WarningEvent> Events = new("events",
        client => ResourceApi<Corev1Event>.Create<Corev1EventList>("events",
            (limit, token, ct) => client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "type=Warning", continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListEventForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: "type=Warning", resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        e => e.Metadata.Uid ?? e.Metadata.Name,
        EventProjection.From,
        state => state.Companion(PodLedgers.Create).EventHooks);

    public static readonly WatchedResource<V1Deployment, (string, WorkloadKind, string), WorkloadSpec> Deployments = new("deployments",
        client => ResourceApi<V1Deployment>.Create<V1DeploymentList>("deployments",
            (limit, token, ct) => client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        d => SpecKey(d.Metadata, WorkloadKind.Deployment),
        WorkloadProjection.From);

    public static readonly WatchedResource<V1StatefulSet, (string, WorkloadKind, string), WorkloadSpec> StatefulSets = new("statefulsets",
        client => ResourceApi<V1StatefulSet>.Create<V1StatefulSetList>("statefulsets",
            (limit, token, ct) => client.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        s => SpecKey(s.Metadata, WorkloadKind.StatefulSet),
        WorkloadProjection.From);

    public static readonly WatchedResource<V1DaemonSet, (string, WorkloadKind, string), WorkloadSpec> DaemonSets = new("daemonsets",
        client => ResourceApi<V1DaemonSet>.Create<V1DaemonSetList>("daemonsets",
            (limit, token, ct) => client.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        d => SpecKey(d.Metadata, WorkloadKind.DaemonSet),
        WorkloadProjection.From);

    public static IReadOnlyList<WatchedResource> All { get; } = [Pods, Events, Deployments, StatefulSets, DaemonSets];

    public static bool PodsSynced(this ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Synced(Pods);
    }

    public static ClusterPods PodsSnapshot(this ClusterState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state.Lock)
        {
            var ledgers = state.Companion(PodLedgers.Create);
            var events = state.Sink(Events);
            PruneEvents(events, ledgers, now);
            var pods = state.Sink(Pods).Items;
            var specs = new Dictionary<(string, WorkloadKind, string), WorkloadSpec>();
            foreach (var source in new[] { state.Sink(Deployments).Items, state.Sink(StatefulSets).Items, state.Sink(DaemonSets).Items })
            {
                foreach (var (key, spec) in source)
                {
                    specs[key] = spec;
                }
            }

            var inputs = new ClusterPodInputs(
                pods.Values as IReadOnlyCollection<PodInfo> ?? [.. pods.Values],
                pods,
                specs,
                [.. events.Items.Values],
                p => ledgers.Restarts.Since((p.Namespace, p.Name), now - TimeSpan.FromHours(1)),
                (e, since) => ledgers.EventCounts.Since(e.Uid, since));
            return PodReadinessAggregator.Aggregate(state.Name, inputs, now);
        }
    }

    /// <summary>Pods matching a filter, e.g. the running pods of an app whose health pages are checked.</summary>
    public static IReadOnlyList<PodInfo> FindPods(this ClusterState state, Func<PodInfo, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state.Lock)
        {
            return [.. state.Sink(Pods).Items.Values.Where(filter)];
        }
    }

    /// <summary>The pods scheduled on one node, for the node detail view.</summary>
    public static IReadOnlyList<PodInfo> PodsOnNode(this ClusterState state, string node)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state.Lock)
        {
            return [.. state.Sink(Pods).Items.Values.Where(p => p.NodeName == node).OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Warning events about one object, newest first, for drill-down.</summary>
    public static IReadOnlyList<WarningEvent> EventsFor(this ClusterState state, string kind, string? @namespace, string name)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state.Lock)
        {
            return [.. state.Sink(Events).Items.Values.Where(e => e.InvolvedKind == kind && e.InvolvedName == name && (@namespace is null || e.Namespace == @namespace)).OrderByDescending(e => e.LastSeen)];
        }
    }

    private static (string, WorkloadKind, string) SpecKey(V1ObjectMeta meta, WorkloadKind kind) => (meta.NamespaceProperty, kind, meta.Name);

    private static void PruneEvents(KeyedSink<Corev1Event, string, WarningEvent> events, PodLedgers ledgers, DateTimeOffset now)
    {
        var cutoff = now - EventRetention;
        foreach (var old in events.Items.Where(e => e.Value.LastSeen < cutoff).Select(e => e.Key).ToList())
        {
            events.Forget(old);
            ledgers.EventCounts.Forget(old);
        }
    }

    /// <summary>Per cluster: restarts of each pod and counts of each Warning event, over the last hour.</summary>
    private sealed class PodLedgers
    {
        private readonly TimeProvider _time;

        private PodLedgers(TimeProvider time)
        {
            _time = time;
            PodHooks = new(ObservePod, Restarts.Forget);
            EventHooks = new(ObserveEvent, EventCounts.Forget);
        }

        public CountLedger<(string, string)> Restarts { get; } = new(TimeSpan.FromHours(1));

        public CountLedger<string> EventCounts { get; } = new(EventRetention);

        public SinkHooks<(string Namespace, string Name), PodInfo> PodHooks { get; }

        public SinkHooks<string, WarningEvent> EventHooks { get; }

        public static PodLedgers Create(ClusterState state) => new(state.Time);

        private void ObservePod((string, string) key, PodInfo pod)
        {
            var now = _time.GetUtcNow();
            var hourAgo = now - TimeSpan.FromHours(1);
            // At first sight we cannot know when old restarts happened: count them all for a pod born within the hour,
            // else only the last one if it ended within the hour.
            var initial = pod.Created >= hourAgo ? pod.Restarts : pod.LastTerminatedAt >= hourAgo && pod.Restarts > 0 ? 1 : 0;
            Restarts.Observe(key, pod.Restarts, now, initial);
        }

        private void ObserveEvent(string key, WarningEvent e)
        {
            var now = _time.GetUtcNow();
            var window = now - PodReadinessAggregator.ProbeWindow;
            var initial = e.FirstSeen >= window ? e.Count : e.LastSeen >= window ? 1 : 0;
            EventCounts.Observe(key, e.Count, now, initial);
        }
    }
}
