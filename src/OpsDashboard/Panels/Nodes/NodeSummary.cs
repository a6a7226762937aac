namespace OpsDashboard.Panels.Nodes;

public enum NodeReadiness
{
    Ready,
    NotReady,
    Unknown,
}

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
    long MemoryCapacityBytes);
