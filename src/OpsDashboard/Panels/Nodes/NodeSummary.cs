namespace OpsDashboard.Panels.Nodes;

public enum NodeReadiness
{
    Ready = 0,
    NotReady = 1,
    Unknown = 2,
}

/// <summary>One condition of a node as the kubelet reports it (Ready, MemoryPressure, DiskPressure, PIDPressure, ...).</summary>
public sealed record NodeCondition(string Type, string Status, string? Reason, string? Message, DateTimeOffset? LastTransition);

/// <summary>The fields of a Kubernetes node the panels show; never the whole V1Node.</summary>
public sealed record NodeSummary(
    string Name,
    NodeReadiness Readiness,
    string? ReadinessReason,
    DateTimeOffset? ReadinessSince,
    bool Cordoned,
    IReadOnlyList<string> Pressures,
    string KubeletVersion,
    DateTimeOffset Created,
    double CpuAllocatable,
    double CpuCapacity,
    long MemoryAllocatableBytes,
    long MemoryCapacityBytes)
{
    /// <summary>Every condition, for the node detail view; empty where the source does not report them.</summary>
    public IReadOnlyList<NodeCondition> Conditions { get; init; } = [];
}
