using System.Collections.Frozen;
using OpsDashboard.Timeline;

namespace OpsDashboard.Kubernetes;

/// <summary>The kubectl commands that are the usual next step for an object, with its cluster's context and namespace filled in.</summary>
public static class KubectlCommandLines
{
    /// <summary>Kinds a pod's owner can be (<c>Deployment/web</c>), as the timeline names them.</summary>
    public static readonly FrozenSet<string> WorkloadKinds = FrozenSet.Create(StringComparer.Ordinal, "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob");

    /// <summary>The commands for a workload; <paramref name="kind"/> as Kubernetes names it: Deployment, StatefulSet, … or Pod.</summary>
    public static IReadOnlyList<string> ForWorkload(string cluster, string ns, string kind, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var context = $"kubectl --context {cluster} -n {ns}";
        if (kind == "Pod")
        {
            return ForPod(cluster, ns, name);
        }

        var resource = kind.ToLowerInvariant();
        return [$"{context} describe {resource} {name}", $"{context} get pods -o wide | grep {name}", $"{context} get events --field-selector type=Warning --sort-by=.lastTimestamp", $"{context} logs {resource}/{name} --previous"];
    }

    public static IReadOnlyList<string> ForPod(string cluster, string ns, string pod)
    {
        var context = $"kubectl --context {cluster} -n {ns}";
        return [$"{context} describe pod {pod}", $"{context} logs {pod} --previous", $"{context} get events --field-selector involvedObject.name={pod} --sort-by=.lastTimestamp"];
    }

    public static IReadOnlyList<string> ForNode(string cluster, string node) =>
    [
        $"kubectl --context {cluster} describe node {node}",
        $"kubectl --context {cluster} get pods -A --field-selector spec.nodeName={node} -o wide",
        $"kubectl --context {cluster} get events -A --field-selector involvedObject.kind=Node,involvedObject.name={node}",
    ];

    /// <summary>A cluster-wide look for a red nodes tile: what is not Ready, and the latest node events.</summary>
    public static IReadOnlyList<string> ForClusterNodes(string cluster) =>
        [$"kubectl --context {cluster} get nodes -o wide", $"kubectl --context {cluster} get events -A --field-selector involvedObject.kind=Node --sort-by=.lastTimestamp"];

    /// <summary>A cluster-wide look for a red pods tile: pods not running, and the latest Warning events.</summary>
    public static IReadOnlyList<string> ForClusterPods(string cluster) =>
        [$"kubectl --context {cluster} get pods -A --field-selector=status.phase!=Running,status.phase!=Succeeded", $"kubectl --context {cluster} get events -A --field-selector type=Warning --sort-by=.lastTimestamp"];

    /// <summary>
    /// The commands for what a timeline row of a Kubernetes panel is about: its node, pod or workload; for the tile's
    /// own state, <paramref name="clusterWide"/>.
    /// </summary>
    public static IReadOnlyList<string> ForRow(TimelineEvent row, Func<string, IReadOnlyList<string>> clusterWide)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(clusterWide);
        return TimelineLinks.Split(row.InvolvedObject) switch
        {
            ("Node", var node) => ForNode(row.Cluster, node),
            ("Pod", var pod) when row.Namespace is { } ns => ForPod(row.Cluster, ns, pod),
            (var kind, var name) when row.Namespace is { } ns && WorkloadKinds.Contains(kind) => ForWorkload(row.Cluster, ns, kind, name),
            null when row.Kind == TimelineKind.TileState => clusterWide(row.Cluster),
            _ => [],
        };
    }
}
