using OpsDashboard.Panels.Nodes;

namespace OpsDashboard.Tests.Builders;

/// <summary>Nodes of a test cluster: <c>new ClusterNodesBuilder("oregon-a").Ready(3).NotReady(1).Build()</c>.</summary>
public sealed class ClusterNodesBuilder(string cluster = "oregon-a")
{
    private static readonly DateTimeOffset Created = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly List<NodeSummary> _nodes = [];
    private DateTimeOffset _observedAt = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public ClusterNodesBuilder Ready(int count = 1) => Add(count, NodeReadiness.Ready, "KubeletReady");

    public ClusterNodesBuilder NotReady(int count = 1) => Add(count, NodeReadiness.NotReady, "KubeletNotReady");

    public ClusterNodesBuilder ObservedAt(DateTimeOffset at)
    {
        _observedAt = at;
        return this;
    }

    public ClusterNodes Build() => new(cluster, [.. _nodes], _observedAt);

    private ClusterNodesBuilder Add(int count, NodeReadiness readiness, string reason)
    {
        for (var i = 0; i < count; i++)
        {
            _nodes.Add(new NodeSummary($"node-{_nodes.Count}", readiness, reason, _observedAt.AddMinutes(-4), false, [], "v1.32.4", Created, 4, 4, 16_000_000_000, 16_000_000_000));
        }

        return this;
    }
}
