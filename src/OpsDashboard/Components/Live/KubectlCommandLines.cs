using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Components.Live;

/// <summary>The kubectl commands that are the usual next step for an object, with its cluster's context and namespace filled in.</summary>
public static class KubectlCommandLines
{
    public static IReadOnlyList<string> ForWorkload(string cluster, string ns, WorkloadKind kind, string name)
    {
        var context = $"kubectl --context {cluster} -n {ns}";
        if (kind == WorkloadKind.Pod)
        {
            return ForPod(cluster, ns, name);
        }

        var resource = kind.ToString().ToLowerInvariant();
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

    /// <summary>A cluster-wide look for a red nodes or pods tile: what is not Ready, and the latest Warning events.</summary>
    public static IReadOnlyList<string> ForCluster(string cluster, bool nodes) => nodes
        ? [$"kubectl --context {cluster} get nodes -o wide", $"kubectl --context {cluster} get events -A --field-selector involvedObject.kind=Node --sort-by=.lastTimestamp"]
        : [$"kubectl --context {cluster} get pods -A --field-selector=status.phase!=Running,status.phase!=Succeeded", $"kubectl --context {cluster} get events -A --field-selector type=Warning --sort-by=.lastTimestamp"];
}
