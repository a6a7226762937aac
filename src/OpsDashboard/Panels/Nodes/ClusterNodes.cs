using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Nodes;

/// <summary>The nodes of one cluster at one moment.</summary>
public sealed record ClusterNodes(string Cluster, IReadOnlyList<NodeSummary> Nodes, DateTimeOffset ObservedAt) : PanelSnapshot
{
    public int Ready => Nodes.Count(n => n.Readiness == NodeReadiness.Ready);

    public int NotReady => Nodes.Count(n => n.Readiness == NodeReadiness.NotReady);

    public int Unknown => Nodes.Count(n => n.Readiness == NodeReadiness.Unknown);

    public int Cordoned => Nodes.Count(n => n.Cordoned);

    public int UnderPressure => Nodes.Count(n => n.Pressures.Count > 0);

    /// <summary>Distinct kubelet versions, most common first; more than one means version skew.</summary>
    public IReadOnlyList<string> KubeletVersions => [.. Nodes.GroupBy(n => n.KubeletVersion).OrderByDescending(g => g.Count()).Select(g => g.Key)];

    public override DataHealth Health => Nodes.Count == 0 || Ready * 2 < Nodes.Count
        ? DataHealth.Critical
        : NotReady + Unknown + UnderPressure > 0 ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => $"{Ready} / {Nodes.Count} ready";

    public override string? Why
    {
        get
        {
            if (Nodes.Count == 0)
            {
                return "no nodes registered";
            }

            var bad = Nodes.Where(n => n.Readiness != NodeReadiness.Ready).OrderBy(n => n.ReadinessSince).ToList();
            if (bad.Count > 0)
            {
                var first = bad[0];
                var since = first.ReadinessSince is { } s ? $" for {Durations.Format(ObservedAt - s)}" : "";
                var reason = first.ReadinessReason is { Length: > 0 } r ? $" ({r})" : "";
                var more = bad.Count > 1 ? $", and {bad.Count - 1} more" : "";
                return $"{first.Name} {first.Readiness}{since}{reason}{more}";
            }

            var pressured = Nodes.FirstOrDefault(n => n.Pressures.Count > 0);
            return pressured is null ? null : $"{pressured.Name} under {string.Join(", ", pressured.Pressures)}";
        }
    }

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("nodes_total", Nodes.Count),
        new("nodes_ready", Ready),
        new("nodes_not_ready", NotReady + Unknown),
        new("nodes_cordoned", Cordoned),
    ];
}
