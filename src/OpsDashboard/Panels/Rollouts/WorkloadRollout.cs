using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>
/// The fields of a Deployment, StatefulSet or DaemonSet that <c>kubectl rollout status</c> reads, projected at the edge
/// (never the whole object). Replica counts are the kind's own: a DaemonSet's are its numbers scheduled.
/// </summary>
/// <param name="Namespace">metadata.namespace.</param>
/// <param name="Kind">Deployment, StatefulSet or DaemonSet.</param>
/// <param name="Name">metadata.name.</param>
/// <param name="Generation">metadata.generation: moves with every spec change.</param>
/// <param name="ObservedGeneration">status.observedGeneration: the generation the controller has acted on.</param>
/// <param name="SpecReplicas">spec.replicas (Deployment, StatefulSet); for a DaemonSet its desiredNumberScheduled.</param>
/// <param name="Replicas">status.replicas; for a StatefulSet its currentReplicas (pods at currentRevision, what kubectl reports), for a DaemonSet its currentNumberScheduled.</param>
/// <param name="Updated">status.updatedReplicas; for a DaemonSet its updatedNumberScheduled.</param>
/// <param name="Ready">status.readyReplicas; for a DaemonSet its numberReady.</param>
/// <param name="Available">status.availableReplicas; for a DaemonSet its numberAvailable.</param>
/// <param name="Strategy">The update strategy's type as written (RollingUpdate, OnDelete, Recreate); null when absent.</param>
/// <param name="Images">The pod template's container images, in order.</param>
public sealed record WorkloadRollout(
    string Namespace,
    WorkloadKind Kind,
    string Name,
    long Generation,
    long ObservedGeneration,
    int? SpecReplicas,
    int Replicas,
    int Updated,
    int Ready,
    int Available,
    string? Strategy,
    IReadOnlyList<string> Images)
{
    public const string RollingUpdate = "RollingUpdate";

    /// <summary>A Deployment's spec.paused.</summary>
    public bool Paused { get; init; }

    /// <summary>A Deployment's Progressing condition; null for the others.</summary>
    public RolloutCondition? Progressing { get; init; }

    /// <summary>A Deployment's deployment.kubernetes.io/revision; 0 for the others.</summary>
    public long Revision { get; init; }

    /// <summary>Whether a StatefulSet's spec.updateStrategy.rollingUpdate is set (kubectl then judges by partition only).</summary>
    public bool RollingUpdateSet { get; init; }

    /// <summary>A StatefulSet's spec.updateStrategy.rollingUpdate.partition.</summary>
    public int? Partition { get; init; }

    /// <summary>A StatefulSet's status.currentRevision.</summary>
    public string? CurrentRevision { get; init; }

    /// <summary>A StatefulSet's status.updateRevision (its new pods' controller-revision-hash).</summary>
    public string? UpdateRevision { get; init; }

    /// <summary>How many pods the workload wants: spec.replicas, or the DaemonSet's desired number.</summary>
    public int Desired => SpecReplicas ?? 0;

    /// <summary>Wanted but not available, as the Deployment controller counts status.unavailableReplicas.</summary>
    public int Unavailable => Math.Max(0, Desired - Available);
}

/// <summary>A Deployment's Progressing condition: "False/ProgressDeadlineExceeded" is a stalled rollout.</summary>
public sealed record RolloutCondition(string Status, string? Reason, string? Message, DateTimeOffset? LastUpdate);
