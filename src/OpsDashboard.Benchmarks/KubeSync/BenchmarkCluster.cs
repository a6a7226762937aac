using k8s.Models;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// The shape of the benchmark's cluster, the same on every run: nodes; four DaemonSets in kube-system with a pod on
/// each node (at most a twentieth of the pods each); the other pods in Deployments of 10 replicas, 40 Deployments to a
/// namespace, each with its current ReplicaSet and the one before; an HPA on every tenth Deployment; one Warning event
/// for every 75 pods. Pod <c>index</c> is a slot; a replaced pod gets a new name in it.
/// </summary>
public sealed class BenchmarkCluster(int nodes, int pods)
{
    public const int Replicas = 10;
    private const string TemplateHash = "7d9c8f6b5";
    private const string PreviousHash = "6c8b7d5f4";
    private const string NextHash = "5f7b9c6d48";
    private const string PreviousVersion = "1.41.0";
    private const string Version = "1.42.0";
    private const string NextVersion = "1.43.0";
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

    public IEnumerable<V1Deployment> Deployments() => Enumerable.Range(0, DeploymentCount).Select(d => Deployment(d));

    /// <summary>
    /// Deployment <paramref name="deployment"/> as the API server shows it: rolled out at revision 2, or with
    /// <paramref name="updated"/> given, rolling out revision 3 (<c>NextVersion</c>) with that many new pods.
    /// </summary>
    public V1Deployment Deployment(int deployment, int? updated = null)
    {
        var (app, ns) = (App(deployment), Namespace(deployment));
        var builder = new V1DeploymentBuilder(app, ns).Replicas(Replicas);
        if (updated is { } rolledOut)
        {
            builder.Image(Image(app, ns, NextVersion), 3);
            if (rolledOut < Replicas)
            {
                builder.RollingOut(rolledOut, available: Replicas - 1, total: Replicas + 2);
            }
        }
        else
        {
            builder.Image(Image(app, ns, Version), 2);
        }

        return builder.Build();
    }

    /// <summary>Every Deployment's ReplicaSets: its current one (the pods' template hash, revision 2) and the one before, scaled to 0.</summary>
    public IEnumerable<V1ReplicaSet> ReplicaSets() => Enumerable.Range(0, DeploymentCount).SelectMany(d => new[]
    {
        ReplicaSet(d, PreviousHash, 1, 0, PreviousVersion),
        ReplicaSet(d, TemplateHash, 2, Replicas, Version),
    });

    /// <summary>The ReplicaSet a rollout of Deployment <paramref name="deployment"/> to <c>NextVersion</c> scales up.</summary>
    public V1ReplicaSet NextReplicaSet(int deployment, int replicas) => ReplicaSet(deployment, NextHash, 3, replicas, NextVersion);

    /// <summary>An HPA (CPU, 2–20 replicas) on every tenth Deployment.</summary>
    public IEnumerable<V2HorizontalPodAutoscaler> Autoscalers() => Enumerable.Range(0, DeploymentCount / 10).Select(h => h * 10).Select(d =>
        new V2HorizontalPodAutoscalerBuilder(App(d), Namespace(d)).Scaling("Deployment", App(d)).Between(2, 20).Replicas(Replicas).Cpu(55, 70).Build());

    private V1ReplicaSet ReplicaSet(int deployment, string hash, long revision, int replicas, string version)
    {
        var (app, ns) = (App(deployment), Namespace(deployment));
        var replicaSet = V1ReplicaSetBuilder.Of(app, ns, hash, revision, replicas);
        replicaSet.Spec.Template = Template(app, ns, version);
        replicaSet.Spec.Template.Metadata.Labels["pod-template-hash"] = hash;
        return replicaSet;
    }

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

    private static V1PodTemplateSpec Template(string app, string @namespace, string version = Version) => new()
    {
        Metadata = new V1ObjectMeta { Labels = AppLabels(app) },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = app, Image = Image(app, @namespace, version), Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http" }] }],
        },
    };

    private static string Image(string app, string @namespace, string version) => $"registry.example.com/{@namespace}/{app}:{version}";

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
