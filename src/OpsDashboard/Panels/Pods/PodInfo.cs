namespace OpsDashboard.Panels.Pods;

/// <summary>The workload a pod belongs to, resolved from its owner references.</summary>
public readonly record struct WorkloadRef(WorkloadKind Kind, string Name);

/// <summary>
/// The dozen fields of a pod the panels need, projected at the edge; never the whole V1Pod. Strings that repeat across
/// pods (namespaces, node names, label keys and values) are interned by the projection.
/// </summary>
public sealed record PodInfo(
    string Namespace,
    string Name,
    string? NodeName,
    string Phase,
    bool Ready,
    WorkloadRef Owner,
    string? Revision,
    int Restarts,
    string? WaitingReason,
    string? LastTerminationReason,
    DateTimeOffset? LastTerminatedAt,
    DateTimeOffset Created,
    bool Terminating,
    string? PodIp,
    IReadOnlyDictionary<string, string> Labels)
{
    public bool IsFinished => Phase is "Succeeded" or "Failed";
}
