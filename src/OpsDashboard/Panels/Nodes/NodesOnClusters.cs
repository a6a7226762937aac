using k8s;
using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Nodes;

/// <summary>What the nodes panel watches on every cluster, and its snapshot of what a cluster holds.</summary>
public static class NodesOnClusters
{
    public static readonly WatchedResource<V1Node, string, NodeSummary> Nodes = new("nodes",
        client => ResourceApi<V1Node>.Create<V1NodeList>("nodes",
            (limit, token, ct) => client.CoreV1.ListNodeAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        n => n.Metadata.Name,
        NodeProjection.From);

    public static bool NodesSynced(this ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Synced(Nodes);
    }

    public static ClusterNodes NodesSnapshot(this ClusterState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (state.Lock)
        {
            return new ClusterNodes(state.Name, [.. state.Sink(Nodes).Items.Values.OrderBy(n => n.Name, StringComparer.Ordinal)], now);
        }
    }
}
