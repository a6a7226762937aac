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
        var status = d.Status;
        var progressing = status?.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
        return new WorkloadRollout(
            pool.Intern(d.Metadata.NamespaceProperty) ?? "",
            WorkloadKind.Deployment,
            d.Metadata.Name,
            d.Metadata.Generation ?? 0,
            status?.ObservedGeneration ?? 0,
            d.Spec?.Replicas,
            status?.Replicas ?? 0,
            status?.UpdatedReplicas ?? 0,
            status?.ReadyReplicas ?? 0,
            status?.AvailableReplicas ?? 0,
            d.Spec?.Paused ?? false,
            progressing is null ? null : new RolloutCondition(pool.Intern(progressing.Status) ?? "", pool.Intern(progressing.Reason), progressing.Message, Utc(progressing.LastUpdateTime)),
            pool.Intern(d.Spec?.Strategy?.Type),
            RollingUpdateSet: false,
            Partition: null,
            CurrentRevision: null,
            UpdateRevision: null,
            Revision(d.Metadata),
            Images(d.Spec?.Template, pool));
    }

    public static WorkloadRollout From(V1StatefulSet s, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(pool);
        var status = s.Status;
        var rolling = s.Spec?.UpdateStrategy?.RollingUpdate;
        return new WorkloadRollout(
            pool.Intern(s.Metadata.NamespaceProperty) ?? "",
            WorkloadKind.StatefulSet,
            s.Metadata.Name,
            s.Metadata.Generation ?? 0,
            status?.ObservedGeneration ?? 0,
            s.Spec?.Replicas,
            status?.CurrentReplicas ?? 0,
            status?.UpdatedReplicas ?? 0,
            status?.ReadyReplicas ?? 0,
            status?.AvailableReplicas ?? 0,
            Paused: false,
            Progressing: null,
            pool.Intern(s.Spec?.UpdateStrategy?.Type),
            rolling is not null,
            rolling?.Partition,
            status?.CurrentRevision,
            status?.UpdateRevision,
            Revision: 0,
            Images(s.Spec?.Template, pool));
    }

    public static WorkloadRollout From(V1DaemonSet d, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(pool);
        var status = d.Status;
        return new WorkloadRollout(
            pool.Intern(d.Metadata.NamespaceProperty) ?? "",
            WorkloadKind.DaemonSet,
            d.Metadata.Name,
            d.Metadata.Generation ?? 0,
            status?.ObservedGeneration ?? 0,
            status?.DesiredNumberScheduled ?? 0,
            status?.CurrentNumberScheduled ?? 0,
            status?.UpdatedNumberScheduled ?? 0,
            status?.NumberReady ?? 0,
            status?.NumberAvailable ?? 0,
            Paused: false,
            Progressing: null,
            pool.Intern(d.Spec?.UpdateStrategy?.Type),
            RollingUpdateSet: false,
            Partition: null,
            CurrentRevision: null,
            UpdateRevision: null,
            Revision: 0,
            Images(d.Spec?.Template, pool));
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

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
