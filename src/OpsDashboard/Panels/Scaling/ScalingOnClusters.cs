using k8s;
using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Scaling;

/// <summary>What the scaling panel watches on every cluster (its HPAs), and its snapshot of what a cluster holds.</summary>
public static class ScalingOnClusters
{
    public static readonly WatchedResource<V2HorizontalPodAutoscaler, (string Namespace, string Name), Autoscaler> Autoscalers = new("horizontalpodautoscalers",
        client => ResourceApi<V2HorizontalPodAutoscaler>.Create<V2HorizontalPodAutoscalerList>("horizontalpodautoscalers",
            (limit, token, ct) => client.AutoscalingV2.ListHorizontalPodAutoscalerForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AutoscalingV2.WatchListHorizontalPodAutoscalerForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        h => (h.Metadata.NamespaceProperty, h.Metadata.Name),
        AutoscalerProjection.From,
        state => state.Companion(AtMaxLedger.Create).Hooks);

    public static bool AutoscalersSynced(this ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Synced(Autoscalers);
    }

    public static ClusterScaling ScalingSnapshot(this ClusterState state, DateTimeOffset now, TimeSpan warnAtMaxAfter)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state.Lock)
        {
            var ledger = state.Companion(AtMaxLedger.Create);
            return new ClusterScaling(
                state.Name,
                [.. state.Sink(Autoscalers).Items.Select(kv => kv.Value with { AtMaxSince = ledger.Since(kv.Key, kv.Value) })
                    .OrderBy(a => a.Namespace, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)],
                now,
                warnAtMaxAfter);
        }
    }

    /// <summary>Per cluster: since when each HPA has been at its maximum, on the cluster's clock.</summary>
    private sealed class AtMaxLedger
    {
        private readonly TimeProvider _time;
        private readonly Dictionary<(string, string), DateTimeOffset> _firstSeenAtMax = [];

        private AtMaxLedger(TimeProvider time)
        {
            _time = time;
            Hooks = new(Observe, key => _firstSeenAtMax.Remove(key));
        }

        public SinkHooks<(string Namespace, string Name), Autoscaler> Hooks { get; }

        public static AtMaxLedger Create(ClusterState state) => new(state.Time);

        /// <summary>
        /// An HPA at its maximum has been there since its last scale (every scale changes the count), which the API
        /// server knows even across our restarts; without a lastScaleTime, since we first saw it there.
        /// </summary>
        public DateTimeOffset? Since((string, string) key, Autoscaler autoscaler) =>
            !autoscaler.AtMax ? null : autoscaler.LastScaleTime ?? (_firstSeenAtMax.TryGetValue(key, out var seen) ? seen : null);

        private void Observe((string, string) key, Autoscaler autoscaler)
        {
            if (!autoscaler.AtMax)
            {
                _firstSeenAtMax.Remove(key);
            }
            else
            {
                _firstSeenAtMax.TryAdd(key, _time.GetUtcNow());
            }
        }
    }
}
