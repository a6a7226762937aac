using k8s.Models;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>Projects workloads to the compact <see cref="WorkloadRollout"/> the rollouts panel judges; the object is garbage right after.</summary>
public static class RolloutProjection
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public static WorkloadRollout From(V1Deployment d, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(pool);
        var (status, progressing) = (d.Status, d.Status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing"));
        return Of(d.Metadata, WorkloadKind.Deployment, d.Spec?.Template, d.Spec?.Strategy?.Type, pool, status?.ObservedGeneration, d.Spec?.Replicas,
            (status?.Replicas, status?.UpdatedReplicas, status?.ReadyReplicas, status?.AvailableReplicas)) with
        {
            Paused = d.Spec?.Paused ?? false,
            Progressing = progressing is null ? null : new RolloutCondition(pool.Intern(progressing.Status) ?? "", pool.Intern(progressing.Reason), progressing.Message, Utc(progressing.LastUpdateTime)),
            Revision = Revision(d.Metadata),
        };
    }

    /// <remarks>Replicas are its currentReplicas: pods at currentRevision, what kubectl reports.</remarks>
    public static WorkloadRollout From(V1StatefulSet s, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(s);
        var (status, rolling) = (s.Status, s.Spec?.UpdateStrategy?.RollingUpdate);
        return Of(s.Metadata, WorkloadKind.StatefulSet, s.Spec?.Template, s.Spec?.UpdateStrategy?.Type, pool, status?.ObservedGeneration, s.Spec?.Replicas,
            (status?.CurrentReplicas, status?.UpdatedReplicas, status?.ReadyReplicas, status?.AvailableReplicas)) with
        {
            RollingUpdateSet = rolling is not null,
            Partition = rolling?.Partition,
            CurrentRevision = status?.CurrentRevision,
            UpdateRevision = status?.UpdateRevision,
        };
    }

    /// <remarks>Its counts are numbers scheduled: desired, current, updated, ready, available.</remarks>
    public static WorkloadRollout From(V1DaemonSet d, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(d);
        var status = d.Status;
        return Of(d.Metadata, WorkloadKind.DaemonSet, d.Spec?.Template, d.Spec?.UpdateStrategy?.Type, pool, status?.ObservedGeneration, status?.DesiredNumberScheduled ?? 0,
            (status?.CurrentNumberScheduled, status?.UpdatedNumberScheduled, status?.NumberReady, status?.NumberAvailable));
    }

    /// <summary>The deployment.kubernetes.io/revision annotation of a Deployment or ReplicaSet; 0 when absent or unreadable.</summary>
    public static long Revision(V1ObjectMeta meta)
    {
        ArgumentNullException.ThrowIfNull(meta);
        return meta.Annotations?.TryGetValue(RevisionAnnotation, out var text) == true
            && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var revision) ? revision : 0;
    }

    public static string[] Images(V1PodTemplateSpec? template, StringPool pool) =>
        [.. (template?.Spec?.Containers ?? []).Select(c => pool.Intern(c.Image) ?? "")];

    /// <summary>What every kind has: identity, generations, the wanted count, the kind's own counts (absent is 0), strategy and images.</summary>
    private static WorkloadRollout Of(V1ObjectMeta meta, WorkloadKind kind, V1PodTemplateSpec? template, string? strategy, StringPool pool, long? observedGeneration, int? wanted,
        (int? Replicas, int? Updated, int? Ready, int? Available) counts)
    {
        ArgumentNullException.ThrowIfNull(pool);
        return new(pool.Intern(meta.NamespaceProperty) ?? "", kind, meta.Name, meta.Generation ?? 0, observedGeneration ?? 0, wanted,
            counts.Replicas ?? 0, counts.Updated ?? 0, counts.Ready ?? 0, counts.Available ?? 0, pool.Intern(strategy), Images(template, pool));
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
