using k8s.Models;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// The shape of the benchmark's cluster, the same on every run: nodes; four DaemonSets in kube-system with a pod on
/// each node (at most a twentieth of the pods each); the other pods in Deployments of 10 replicas, 40 Deployments to a
/// namespace; one Warning event for every 75 pods. Pod <c>index</c> is a slot; a replaced pod gets a new name in it.
/// </summary>
public sealed class BenchmarkCluster(int nodes, int pods)
{
    public const int Replicas = 10;
    private const string TemplateHash = "7d9c8f6b5";
    private static readonly DateTime Created = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly string[] DaemonSetNames = ["kube-proxy", "node-exporter", "fluent-bit", "cilium"];

    public int NodeCount => nodes;

    public int PodCount => pods;

    private int PodsPerDaemonSet => Math.Min(nodes, pods / 20);

    private int DaemonSetPods => PodsPerDaemonSet * DaemonSetNames.Length;

    public int DaemonSetCount => PodsPerDaemonSet > 0 ? DaemonSetNames.Length : 0;

    public int DeploymentCount => (pods - DaemonSetPods + Replicas - 1) / Replicas;

    private int NamespaceCount => Math.Max(1, DeploymentCount / 40);

    public IEnumerable<V1Node> Nodes() => Enumerable.Range(0, nodes).Select(i => new V1NodeBuilder(NodeName(i)).Build());

    /// <summary>The pod in slot <paramref name="index"/> after <paramref name="replacements"/> replacements and <paramref name="changes"/> status changes.</summary>
    public V1Pod Pod(int index, int replacements, int changes)
    {
        var suffix = Suffix(index + ((long)replacements * pods));
        V1PodBuilder builder;
        string? daemonSet = null;
        if (index < DaemonSetPods)
        {
            daemonSet = DaemonSetNames[index / PodsPerDaemonSet];
            builder = new V1PodBuilder($"{daemonSet}-{suffix}", "kube-system").Labelled("app.kubernetes.io/name", daemonSet).OnNode(NodeName(index % PodsPerDaemonSet));
        }
        else
        {
            var slot = index - DaemonSetPods;
            builder = new V1PodBuilder($"{App(slot / Replicas)}-{TemplateHash}-{suffix}", Namespace(slot / Replicas)).OnNode(NodeName(slot % nodes));
        }

        // Odd changes crash the container, even ones bring it back: the status flapping a real cluster's watch is full of.
        var pod = (changes % 2 == 1 ? builder.CrashLooping(changes) : builder).Build();
        if (daemonSet is not null)
        {
            pod.Metadata.OwnerReferences[0].Kind = "DaemonSet";
            pod.Metadata.OwnerReferences[0].Name = daemonSet;
            pod.Metadata.Labels.Remove("pod-template-hash");
            pod.Metadata.Labels["controller-revision-hash"] = "6b8d7c9f4";
        }

        return pod;
    }

    public IEnumerable<V1Deployment> Deployments() => Enumerable.Range(0, DeploymentCount).Select(d => new V1Deployment
    {
        Metadata = new V1ObjectMeta { Name = App(d), NamespaceProperty = Namespace(d), Labels = AppLabels(App(d)), CreationTimestamp = Created, Generation = 3 },
        Spec = new V1DeploymentSpec { Replicas = Replicas, Selector = new V1LabelSelector { MatchLabels = AppLabels(App(d)) }, Template = Template(App(d), Namespace(d)) },
        Status = new V1DeploymentStatus { Replicas = Replicas, ReadyReplicas = Replicas, AvailableReplicas = Replicas, UpdatedReplicas = Replicas, ObservedGeneration = 3 },
    });

    public IEnumerable<V1DaemonSet> DaemonSets() => DaemonSetNames.Select(name => new V1DaemonSet
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "kube-system", Labels = AppLabels(name), CreationTimestamp = Created, Generation = 1 },
        Spec = new V1DaemonSetSpec { Selector = new V1LabelSelector { MatchLabels = AppLabels(name) }, Template = Template(name, "kube-system") },
        Status = new V1DaemonSetStatus { DesiredNumberScheduled = PodsPerDaemonSet, CurrentNumberScheduled = PodsPerDaemonSet, NumberReady = PodsPerDaemonSet, NumberMisscheduled = 0 },
    });

    public IEnumerable<Corev1Event> WarningEvents() => Enumerable.Range(0, pods / 75).Select(e =>
    {
        var pod = Pod(DaemonSetPods + (e * 75 % Math.Max(1, pods - DaemonSetPods)), 0, 0).Metadata;
        return new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{pod.Name}.{e:x12}", NamespaceProperty = pod.NamespaceProperty, CreationTimestamp = Created },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = pod.Name, NamespaceProperty = pod.NamespaceProperty, ApiVersion = "v1", FieldPath = "spec.containers{app}" },
            Type = "Warning",
            Reason = e % 3 == 0 ? "Unhealthy" : "BackOff",
            Message = e % 3 == 0 ? "Readiness probe failed: HTTP probe failed with statuscode: 503" : "Back-off restarting failed container app in pod",
            Count = 1 + (e % 20),
            FirstTimestamp = Created,
            LastTimestamp = Created.AddMinutes(e % 50),
            Source = new V1EventSource { Component = "kubelet", Host = NodeName(e % nodes) },
        };
    });

    private static V1PodTemplateSpec Template(string app, string @namespace) => new()
    {
        Metadata = new V1ObjectMeta { Labels = AppLabels(app) },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = app, Image = $"registry.example.com/{@namespace}/{app}:1.42.0", Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http" }] }],
        },
    };

    private static Dictionary<string, string> AppLabels(string app) => new() { ["app.kubernetes.io/name"] = app };

    public static string DeploymentName(int deployment) => App(deployment);

    private static string App(int deployment) => $"svc{deployment:D5}";

    private string Namespace(int deployment) => $"team-{deployment % NamespaceCount:D3}";

    private static string NodeName(int node) => $"node-{node:D5}";

    /// <summary>Five lowercase letters and digits, as the pods of a ReplicaSet or DaemonSet are named; distinct for distinct values below 27⁵.</summary>
    private static string Suffix(long value)
    {
        const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";
        const ulong Names = 27UL * 27 * 27 * 27 * 27;

        // A multiplier prime to 27 permutes the names, so neighbouring slots do not look alike.
        var scrambled = (ulong)value % Names * 2654435761UL % Names;
        return string.Create(5, scrambled, (span, v) =>
        {
            for (var i = 0; i < span.Length; i++, v /= (ulong)Alphabet.Length)
            {
                span[i] = Alphabet[(int)(v % (ulong)Alphabet.Length)];
            }
        });
    }
}
