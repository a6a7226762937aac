using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Nodes;

/// <summary>Timeline rows for a cluster's nodes: NotReady and back, pressure and back, cordoned, joined and left.</summary>
public static class NodeChanges
{
    public static IEnumerable<TimelineEvent> Between(ChangeContext context, ClusterNodes? before, ClusterNodes after)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(after);
        var previous = before?.Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var node in after.Nodes)
        {
            var old = previous?.GetValueOrDefault(node.Name);
            if (previous is not null && old is null)
            {
                yield return Row(context, node, "joined", context.TakenAt, TimelineSeverity.Info, "joined", $"node {node.Name} joined the cluster ({node.Readiness}, kubelet {node.KubeletVersion})");
            }

            if (node.Readiness != (old?.Readiness ?? NodeReadiness.Ready))
            {
                var at = context.Within(node.ReadinessSince ?? context.TakenAt);
                if (node.Readiness == NodeReadiness.Ready)
                {
                    var was = old!.ReadinessSince is { } since ? $" after {Durations.Format(at - since)} {old.Readiness}" : "";
                    yield return Row(context, node, "ready", at, TimelineSeverity.Info, "Ready", $"node {node.Name} Ready again{was}");
                }
                else
                {
                    var ready = node.Conditions.FirstOrDefault(c => c.Type == "Ready");
                    var why = ready?.Message is { Length: > 0 } m ? $": {m}" : "";
                    yield return Row(context, node, "notready", at, TimelineSeverity.Critical, node.Readiness.ToString(), $"node {node.Name} {node.Readiness} ({node.ReadinessReason}){why}");
                }
            }

            foreach (var pressure in node.Pressures.Except(old?.Pressures ?? []))
            {
                var at = context.Within(node.Conditions.FirstOrDefault(c => c.Type == pressure)?.LastTransition ?? context.TakenAt);
                yield return Row(context, node, pressure, at, TimelineSeverity.Warning, pressure, $"node {node.Name} under {pressure}");
            }

            foreach (var pressure in (old?.Pressures ?? []).Except(node.Pressures))
            {
                yield return Row(context, node, pressure + "-over", context.TakenAt, TimelineSeverity.Info, $"no {pressure}", $"node {node.Name} no longer under {pressure}");
            }

            if (old is not null && old.Cordoned != node.Cordoned)
            {
                yield return Row(context, node, "cordon", context.TakenAt, TimelineSeverity.Info, node.Cordoned ? "cordoned" : "uncordoned",
                    node.Cordoned ? $"node {node.Name} cordoned (SchedulingDisabled)" : $"node {node.Name} schedulable again");
            }
        }

        if (previous is null)
        {
            yield break;
        }

        var names = after.Nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in before!.Nodes.Where(n => !names.Contains(n.Name)))
        {
            yield return Row(context, gone, "left", context.TakenAt, TimelineSeverity.Warning, "left", $"node {gone.Name} left the cluster");
        }
    }

    private static TimelineEvent Row(ChangeContext context, NodeSummary node, string what, DateTimeOffset at, TimelineSeverity severity, string reason, string message) =>
        context.Row(NodesPanel.NodeCondition, $"{node.Name}/{what}", at, severity, null, $"Node/{node.Name}", reason, message);
}
