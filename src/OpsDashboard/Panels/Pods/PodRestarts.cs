using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>
/// Timeline rows for container restarts, with the reason of the last exit (OOMKilled, Error). Remembers the restart
/// count of each pod that has restarted at all, per cluster; pods that never restarted cost nothing.
/// </summary>
public sealed class PodRestarts
{
    /// <summary>At first sight of a cluster, a pod's restarts count only if its last exit is this recent.</summary>
    public static readonly TimeSpan RecentAtFirstSight = TimeSpan.FromHours(1);

    private readonly Dictionary<string, Dictionary<(string Namespace, string Name), int>> _clusters = [];

    public IReadOnlyList<TimelineEvent> Observe(ChangeContext context, ClusterPods pods)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pods);
        var firstSight = !_clusters.TryGetValue(context.Tile.Group, out var known);
        var next = new Dictionary<(string, string), int>();
        var rows = new List<TimelineEvent>();
        foreach (var pod in pods.Pods)
        {
            if (pod.Restarts <= 0)
            {
                continue;
            }

            var key = (pod.Namespace, pod.Name);
            next[key] = pod.Restarts;
            var grew = known?.TryGetValue(key, out var before) == true ? pod.Restarts - before
                : !firstSight ? pod.Restarts
                : pod.LastTerminatedAt >= context.TakenAt - RecentAtFirstSight ? 1 : 0;
            if (grew > 0)
            {
                rows.Add(Row(context, pod, grew));
            }
        }

        _clusters[context.Tile.Group] = next;
        return rows;
    }

    private static TimelineEvent Row(ChangeContext context, PodInfo pod, int grew)
    {
        var at = context.Within(pod.LastTerminatedAt ?? context.TakenAt);
        var exit = pod.LastTerminationReason ?? "unknown";
        var times = grew > 1 ? $" {grew}×" : "";
        return context.Row(PodsPanel.PodRestart, $"{pod.Namespace}/{pod.Name}/{pod.Restarts}", at, exit == "OOMKilled" ? TimelineSeverity.Critical : TimelineSeverity.Warning,
            pod.Namespace, $"Pod/{pod.Name}", "Restarted", $"{pod.Name} restarted{times}, last exit: {exit}; {Counted.Of(pod.Restarts, "restart")} in all")
            with { Count = grew, Owner = $"{pod.Owner.Kind}/{pod.Owner.Name}" };
    }
}
