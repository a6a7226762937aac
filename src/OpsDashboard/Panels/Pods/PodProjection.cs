using System.Collections.Frozen;
using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Pods;

/// <summary>Projects a V1Pod to the compact <see cref="PodInfo"/> the panels keep; the V1Pod is garbage right after.</summary>
public static class PodProjection
{
    private const string TemplateHashLabel = "pod-template-hash";

    public static PodInfo From(V1Pod pod, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(pool);
        var meta = pod.Metadata;
        var labels = meta.Labels is { Count: > 0 } l
            ? l.ToFrozenDictionary(kv => pool.Intern(kv.Key)!, kv => pool.Intern(kv.Value) ?? "")
            : FrozenDictionary<string, string>.Empty;
        var statuses = pod.Status?.ContainerStatuses ?? [];
        var lastTerminated = statuses.Select(c => c.LastState?.Terminated).Where(t => t is not null).OrderByDescending(t => t!.FinishedAt).FirstOrDefault();
        return new PodInfo(
            pool.Intern(meta.NamespaceProperty) ?? "",
            meta.Name,
            pool.Intern(pod.Spec?.NodeName),
            pool.Intern(pod.Status?.Phase) ?? "Unknown",
            pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true,
            Owner(meta, labels),
            labels.GetValueOrDefault(TemplateHashLabel) ?? labels.GetValueOrDefault("controller-revision-hash"),
            statuses.Sum(c => c.RestartCount),
            pool.Intern(statuses.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => r is not null and not "ContainerCreating" and not "PodInitializing")),
            pool.Intern(lastTerminated?.Reason),
            lastTerminated?.FinishedAt is { } finished ? new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc)) : null,
            meta.CreationTimestamp is { } created ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : DateTimeOffset.MinValue,
            meta.DeletionTimestamp is not null,
            pod.Status?.PodIP,
            labels)
        {
            Images = Images(pod, statuses, pool),
        };
    }

    /// <summary>
    /// The spec's image of each container with the digest its status reports: imageID is
    /// "docker-pullable://mozorg/bedrock@sha256:…" or "sha256:…"; what follows the '@' (or all of it) is kept.
    /// </summary>
    private static ContainerImage[] Images(V1Pod pod, IList<V1ContainerStatus> statuses, StringPool pool)
    {
        var containers = pod.Spec?.Containers ?? [];
        var images = new ContainerImage[containers.Count];
        for (var i = 0; i < images.Length; i++)
        {
            var container = containers[i];
            var imageId = statuses.FirstOrDefault(c => c.Name == container.Name)?.ImageID;
            var digest = string.IsNullOrEmpty(imageId) ? null : imageId[(imageId.IndexOf('@', StringComparison.Ordinal) + 1)..];
            images[i] = new ContainerImage(pool.Intern(container.Name)!, pool.Intern(container.Image) ?? "", pool.Intern(digest));
        }

        return images;
    }

    /// <summary>
    /// The workload behind a pod. A ReplicaSet named "web-7d9f8c6b5" whose pods carry pod-template-hash=7d9f8c6b5 belongs
    /// to Deployment "web"; a Job named "cleanup-28473920" (a scheduled time in minutes) belongs to CronJob "cleanup".
    /// </summary>
    public static WorkloadRef Owner(V1ObjectMeta meta, IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(meta);
        ArgumentNullException.ThrowIfNull(labels);
        var owner = meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true) ?? meta.OwnerReferences?.FirstOrDefault();
        if (owner is null)
        {
            return new WorkloadRef(WorkloadKind.Pod, meta.Name);
        }

        switch (owner.Kind)
        {
            case "ReplicaSet":
                return labels.TryGetValue(TemplateHashLabel, out var hash) && owner.Name.EndsWith($"-{hash}", StringComparison.Ordinal)
                    ? new WorkloadRef(WorkloadKind.Deployment, owner.Name[..^(hash.Length + 1)])
                    : new WorkloadRef(WorkloadKind.ReplicaSet, owner.Name);
            case "StatefulSet":
                return new WorkloadRef(WorkloadKind.StatefulSet, owner.Name);
            case "DaemonSet":
                return new WorkloadRef(WorkloadKind.DaemonSet, owner.Name);
            case "Job":
                var dash = owner.Name.LastIndexOf('-');
                return dash > 0 && owner.Name.Length - dash - 1 >= 8 && owner.Name.AsSpan(dash + 1).IndexOfAnyExceptInRange('0', '9') < 0
                    ? new WorkloadRef(WorkloadKind.CronJob, owner.Name[..dash])
                    : new WorkloadRef(WorkloadKind.Job, owner.Name);
            default:
                return new WorkloadRef(WorkloadKind.Pod, meta.Name);
        }
    }
}
