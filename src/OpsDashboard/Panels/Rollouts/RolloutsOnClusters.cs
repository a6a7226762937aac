using k8s;
using k8s.Models;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>
/// What the rollouts panel watches on every cluster: the pods panel's workloads and pods (one watch serves both), and
/// the Deployments' ReplicaSets; and its snapshot of a cluster's rollouts, built from them under the state's lock.
/// </summary>
public static class RolloutsOnClusters
{
    public static readonly WatchedResource<V1ReplicaSet, (string Namespace, string Name), ReplicaSetRevision> ReplicaSets = new("replicasets",
        client => ResourceApi<V1ReplicaSet>.Create<V1ReplicaSetList>("replicasets",
            (limit, token, ct) => client.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListReplicaSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        r => (r.Metadata.NamespaceProperty, r.Metadata.Name),
        Project);

    public static IReadOnlyList<WatchedResource> All { get; } =
        [PodsOnClusters.Pods, PodsOnClusters.Deployments, PodsOnClusters.StatefulSets, PodsOnClusters.DaemonSets, ReplicaSets];

    public static bool RolloutsSynced(this ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Synced([.. All]);
    }

    public static ClusterRollouts RolloutsSnapshot(this ClusterState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state.Lock)
        {
            var workloads = new List<WorkloadRollout>();
            foreach (var sink in new[] { state.Sink(PodsOnClusters.Deployments).Items, state.Sink(PodsOnClusters.StatefulSets).Items, state.Sink(PodsOnClusters.DaemonSets).Items })
            {
                workloads.AddRange(sink.Values.Select(s => s.Rollout).OfType<WorkloadRollout>());
            }

            var failing = FailingNewPods(state, workloads);
            var finished = state.Companion(_ => new RolloutFinishLedger());
            var previous = new Lazy<ILookup<(string, string), ReplicaSetRevision>>(() => state.Sink(ReplicaSets).Items.Values.ToLookup(r => (r.Namespace, r.Deployment)));
            return RolloutAggregator.Aggregate(state.Name, workloads, failing, finished.Observe(workloads, now), now, w => PreviousImages(previous.Value[(w.Namespace, w.Name)]));
        }
    }

    /// <summary>A Deployment's ReplicaSet, by its controller reference; nothing of any other ReplicaSet.</summary>
    public static ReplicaSetRevision? Project(V1ReplicaSet replicaSet, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(replicaSet);
        ArgumentNullException.ThrowIfNull(pool);
        var meta = replicaSet.Metadata;
        var owner = meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        return owner is { Kind: "Deployment" } && meta.Labels?.TryGetValue("pod-template-hash", out var hash) == true
            ? new ReplicaSetRevision(pool.Intern(meta.NamespaceProperty) ?? "", pool.Intern(owner.Name)!, pool.Intern(hash)!, RolloutProjection.Revision(meta),
                RolloutProjection.Images(replicaSet.Spec?.Template, pool))
            : null;
    }

    /// <summary>
    /// Pods stuck waiting (ImagePullBackOff, CrashLoopBackOff, …) of each workload's new revision: a Deployment's newest
    /// ReplicaSet's hash, a StatefulSet's updateRevision; a DaemonSet's status names no revision, so any of its pods.
    /// </summary>
    private static Dictionary<(string, WorkloadKind, string), FailingPods> FailingNewPods(ClusterState state, List<WorkloadRollout> workloads)
    {
        var result = new Dictionary<(string, WorkloadKind, string), FailingPods>();
        var reasons = PodReadinessAggregator.FailingWaitReasons;
        Dictionary<(string, WorkloadKind, string), WorkloadRollout>? byKey = null;
        Dictionary<(string, string), string>? newestHash = null;
        foreach (var pod in state.Sink(PodsOnClusters.Pods).Items.Values)
        {
            if (pod.WaitingReason is not { } reason || pod.Terminating || !reasons.Contains(reason)
                || pod.Owner.Kind is not (WorkloadKind.Deployment or WorkloadKind.StatefulSet or WorkloadKind.DaemonSet))
            {
                continue;
            }

            byKey ??= workloads.ToDictionary(w => (w.Namespace, w.Kind, w.Name));
            var key = (pod.Namespace, pod.Owner.Kind, pod.Owner.Name);
            if (!byKey.TryGetValue(key, out var workload))
            {
                continue;
            }

            var isNew = workload.Kind switch
            {
                WorkloadKind.Deployment => (newestHash ??= NewestHashes(state)).GetValueOrDefault((pod.Namespace, pod.Owner.Name)) == pod.Revision,
                WorkloadKind.StatefulSet => workload.UpdateRevision == pod.Revision,
                _ => true,
            };
            if (isNew)
            {
                var before = result.GetValueOrDefault(key);
                var worst = before is null || IndexOf(reasons, reason) < IndexOf(reasons, before.Reason) ? reason : before.Reason;
                result[key] = new FailingPods((before?.Count ?? 0) + 1, worst);
            }
        }

        return result;
    }

    /// <summary>The images of the revision before a Deployment's newest: what its last rollout replaced (a rollback too).</summary>
    public static IReadOnlyList<string>? PreviousImages(IEnumerable<ReplicaSetRevision> replicaSets)
    {
        ArgumentNullException.ThrowIfNull(replicaSets);
        return replicaSets.OrderByDescending(r => r.Revision).Skip(1).FirstOrDefault()?.Images;
    }

    private static Dictionary<(string, string), string> NewestHashes(ClusterState state) =>
        state.Sink(ReplicaSets).Items.Values
            .GroupBy(r => (r.Namespace, r.Deployment))
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.Revision)!.Hash);

    private static int IndexOf(IReadOnlyList<string> list, string value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return list.Count;
    }
}
