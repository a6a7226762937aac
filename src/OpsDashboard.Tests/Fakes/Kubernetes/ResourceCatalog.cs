using k8s;
using k8s.Models;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>The resources the fake serves, with the field labels the real API server accepts for each.</summary>
internal static class ResourceCatalog
{
    public static readonly FakeResource Nodes = Define<V1Node>("", "nodes", "Node", namespaced: false, new()
    {
        ["spec.unschedulable"] = o => Bool(((V1Node)o).Spec?.Unschedulable ?? false),
    });

    public static readonly FakeResource Namespaces = Define<V1Namespace>("", "namespaces", "Namespace", namespaced: false, new()
    {
        ["status.phase"] = o => o.Status?.Phase,
    });

    public static readonly FakeResource Pods = Define<V1Pod>("", "pods", "Pod", namespaced: true, new()
    {
        ["spec.nodeName"] = o => o.Spec?.NodeName ?? "",
        ["spec.restartPolicy"] = o => o.Spec?.RestartPolicy,
        ["spec.schedulerName"] = o => o.Spec?.SchedulerName,
        ["spec.serviceAccountName"] = o => o.Spec?.ServiceAccountName,
        ["spec.hostNetwork"] = o => Bool(((V1Pod)o).Spec?.HostNetwork ?? false),
        ["status.phase"] = o => o.Status?.Phase,
        ["status.podIP"] = o => o.Status?.PodIP,
        ["status.nominatedNodeName"] = o => o.Status?.NominatedNodeName,
    });

    public static readonly FakeResource Events = Define<Corev1Event>("", "events", "Event", namespaced: true, new()
    {
        ["involvedObject.kind"] = o => o.InvolvedObject?.Kind,
        ["involvedObject.namespace"] = o => o.InvolvedObject?.NamespaceProperty,
        ["involvedObject.name"] = o => o.InvolvedObject?.Name,
        ["involvedObject.uid"] = o => o.InvolvedObject?.Uid,
        ["involvedObject.apiVersion"] = o => o.InvolvedObject?.ApiVersion,
        ["involvedObject.resourceVersion"] = o => o.InvolvedObject?.ResourceVersion,
        ["involvedObject.fieldPath"] = o => o.InvolvedObject?.FieldPath,
        ["reason"] = o => o.Reason,
        ["reportingComponent"] = o => o.ReportingComponent,
        ["source"] = o => o.Source?.Component,
        ["type"] = o => o.Type,
    });

    public static readonly FakeResource Deployments = Define<V1Deployment>("apps", "deployments", "Deployment", namespaced: true, []);

    public static readonly FakeResource StatefulSets = Define<V1StatefulSet>("apps", "statefulsets", "StatefulSet", namespaced: true, []);

    public static readonly FakeResource DaemonSets = Define<V1DaemonSet>("apps", "daemonsets", "DaemonSet", namespaced: true, []);

    public static readonly FakeResource ReplicaSets = Define<V1ReplicaSet>("apps", "replicasets", "ReplicaSet", namespaced: true, new()
    {
        ["status.replicas"] = o => (o.Status?.Replicas ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public static readonly FakeResource HorizontalPodAutoscalers = Define<V2HorizontalPodAutoscaler>("autoscaling", "horizontalpodautoscalers", "HorizontalPodAutoscaler", namespaced: true, [], version: "v2");

    /// <summary>The one resource clients write: replicas of the dashboard elect their leader with a Lease.</summary>
    public static readonly FakeResource Leases = Define<V1Lease>("coordination.k8s.io", "leases", "Lease", namespaced: true, []);

    public static readonly IReadOnlyList<FakeResource> All = [Nodes, Namespaces, Pods, Events, Deployments, StatefulSets, DaemonSets, ReplicaSets, HorizontalPodAutoscalers, Leases];

    private static readonly Dictionary<Type, FakeResource> ByType = All.ToDictionary(r => r.Type);

    private static readonly Dictionary<(string Group, string Plural), FakeResource> ByPath = All.ToDictionary(r => (r.Group, r.Plural));

    /// <summary>The named API groups, each with the one version the fake serves of it.</summary>
    public static IEnumerable<(string Group, string Version)> Groups => All.Where(r => r.Group.Length > 0).Select(r => (r.Group, r.Version)).Distinct();

    public static FakeResource For(Type type) =>
        ByType.TryGetValue(type, out var resource)
            ? resource
            : throw new NotSupportedException($"The fake Kubernetes API does not serve {type.Name}; it serves {string.Join(", ", All.Select(r => r.Type.Name))}.");

    public static FakeResource? Find(string group, string plural) => ByPath.GetValueOrDefault((group, plural));

    private static FakeResource Define<T>(string group, string plural, string kind, bool namespaced, Dictionary<string, Func<T, string?>> fields, string version = "v1")
        where T : IKubernetesObject<V1ObjectMeta> =>
        new(typeof(T), group, version, plural, kind, namespaced, fields.ToDictionary(f => f.Key, f => (Func<object, string?>)(o => f.Value((T)o))),
            json => KubernetesJson.Deserialize<T>(new MemoryStream(json, writable: false)));

    private static string Bool(bool value) => value ? "true" : "false";
}
