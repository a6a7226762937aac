using OpsDashboard.Components.Live;
using OpsDashboard.Components.Tiles;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>Where a row leads: the detail view of its object, and the kubectl commands for it.</summary>
public static class TimelineLinks
{
    /// <summary>A pod's workload, a node, or the tile's own detail view; null where there is none.</summary>
    public static string? DetailHref(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (Split(row.Owner) is var (kind, name) && row.Namespace is { } ns && Enum.TryParse<WorkloadKind>(kind, out var workload))
        {
            return WorkloadPage.Href(row.Cluster, ns, new WorkloadRef(workload, name));
        }

        return Split(row.InvolvedObject) is ("Node", var node)
            ? $"panels/nodes/{Uri.EscapeDataString(row.Cluster)}/{Uri.EscapeDataString(node)}"
            : Tile.DetailHref(row.Tile);
    }

    public static IReadOnlyList<string> Kubectl(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var kubernetes = row.Panel is PanelKind.Nodes or PanelKind.Pods;
        return Split(row.InvolvedObject) switch
        {
            ("Node", var node) when kubernetes => KubectlCommandLines.ForNode(row.Cluster, node),
            ("Pod", var pod) when kubernetes && row.Namespace is { } ns => KubectlCommandLines.ForPod(row.Cluster, ns, pod),
            (var kind, var name) when kubernetes && row.Namespace is { } ns && Enum.TryParse<WorkloadKind>(kind, out var workload) =>
                KubectlCommandLines.ForWorkload(row.Cluster, ns, workload, name),
            null when kubernetes && row.Kind == TimelineKind.TileState => KubectlCommandLines.ForCluster(row.Cluster, row.Panel == PanelKind.Nodes),
            _ => [],
        };
    }

    /// <summary>"Pod/web-1" as ("Pod", "web-1").</summary>
    public static (string Kind, string Name)? Split(string? obj) =>
        obj?.IndexOf('/', StringComparison.Ordinal) is > 0 and var i ? (obj[..i], obj[(i + 1)..]) : null;

    /// <summary>Where the row happened, in words: <c>oregon-b · mdn-prod · Pod/kumascript-5c4b</c>, or the tile for a state change.</summary>
    public static string Where(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Kind == TimelineKind.TileState
            ? FigureFormat.TileTitle(row.Tile)
            : string.Join(" · ", new[] { row.Cluster, row.Namespace, row.InvolvedObject }.Where(p => p is not null));
    }
}
