namespace OpsDashboard.Panels.Pods;

/// <summary>A Kubernetes Warning event (probe failures, back-offs, OOM kills, scheduling failures), compacted.</summary>
public sealed record WarningEvent(
    string Uid,
    string Namespace,
    string InvolvedKind,
    string InvolvedName,
    string Reason,
    string Message,
    int Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen);
