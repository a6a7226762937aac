using k8s.Models;

namespace OpsDashboard.Tests.Builders;

/// <summary>
/// Kubernetes pods as a real cluster has them (owner, labels, one container with resources and probes, conditions),
/// about 1.5 KB of JSON each: <c>new V1PodBuilder("web-1", "shop").OnNode("node-3").CrashLooping().Build()</c>.
/// </summary>
public sealed class V1PodBuilder(string name, string @namespace = "default")
{
    private static readonly DateTime Created = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    // Parsing a quantity is the dearest part of building a pod; 150,000-pod benchmark clusters share these.
    private static readonly ResourceQuantity CpuRequest = new("250m");
    private static readonly ResourceQuantity MemoryRequest = new("256Mi");
    private static readonly ResourceQuantity MemoryLimit = new("512Mi");
    private readonly Dictionary<string, string> _labels = new() { ["app.kubernetes.io/name"] = name.Split('-')[0], ["pod-template-hash"] = "7d9c8f6b5" };
    private string _node = "node-0";
    private string _phase = "Running";
    private bool _ready = true;
    private int _restarts;
    private string? _waitingReason;
    private string? _lastExit;
    private (string Kind, string Name)? _owner;

    public V1PodBuilder OnNode(string node)
    {
        _node = node;
        return this;
    }

    public V1PodBuilder Labelled(string key, string value)
    {
        _labels[key] = value;
        return this;
    }

    public V1PodBuilder CrashLooping(int restarts = 7)
    {
        (_ready, _restarts, _waitingReason) = (false, restarts, "CrashLoopBackOff");
        return this;
    }

    /// <summary>Running and ready again after <paramref name="restarts"/> restarts, the last one ending with <paramref name="exit"/>.</summary>
    public V1PodBuilder Restarted(int restarts, string exit = "Error")
    {
        (_ready, _restarts, _waitingReason, _lastExit) = (true, restarts, null, exit);
        return this;
    }

    /// <summary>A pod of Deployment <paramref name="deployment"/>'s ReplicaSet with pod-template-hash <paramref name="hash"/>.</summary>
    public V1PodBuilder OfReplicaSet(string deployment, string hash)
    {
        _labels["pod-template-hash"] = hash;
        _owner = ("ReplicaSet", $"{deployment}-{hash}");
        return this;
    }

    /// <summary>A pod of StatefulSet <paramref name="statefulSet"/> at controller revision <paramref name="revision"/> ("sumo-redis-7f9d5c8b6").</summary>
    public V1PodBuilder OfStatefulSet(string statefulSet, string revision)
    {
        _labels.Remove("pod-template-hash");
        _labels["controller-revision-hash"] = revision;
        _owner = ("StatefulSet", statefulSet);
        return this;
    }

    /// <summary>Its container stuck waiting: ImagePullBackOff, ErrImagePull, CrashLoopBackOff.</summary>
    public V1PodBuilder Waiting(string reason)
    {
        (_ready, _waitingReason) = (false, reason);
        return this;
    }

    public V1PodBuilder Pending()
    {
        (_phase, _ready, _node) = ("Pending", false, "");
        return this;
    }

    public V1Pod Build()
    {
        var app = _labels["app.kubernetes.io/name"];
        return new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = @namespace,
                Labels = new Dictionary<string, string>(_labels),
                CreationTimestamp = Created,
                OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = _owner?.Kind ?? "ReplicaSet", Name = _owner?.Name ?? $"{app}-7d9c8f6b5", Uid = "5b2f0c8e-0d1a-4c59-9d6e-2f1f3b8a7c10", Controller = true, BlockOwnerDeletion = true }],
            },
            Spec = new V1PodSpec
            {
                NodeName = _node.Length == 0 ? null : _node,
                RestartPolicy = "Always",
                SchedulerName = "default-scheduler",
                ServiceAccountName = "default",
                Containers =
                [
                    new V1Container
                    {
                        Name = app,
                        Image = $"registry.example.com/{@namespace}/{app}:1.42.0",
                        Ports = [new V1ContainerPort { ContainerPort = 8080, Name = "http", Protocol = "TCP" }],
                        Resources = new V1ResourceRequirements
                        {
                            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = CpuRequest, ["memory"] = MemoryRequest },
                            Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = MemoryLimit },
                        },
                        ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http", Path = "/healthz/ready" }, PeriodSeconds = 10 },
                        LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = "http", Path = "/healthz/live" }, PeriodSeconds = 10 },
                    },
                ],
            },
            Status = new V1PodStatus
            {
                Phase = _phase,
                PodIP = _node.Length == 0 ? null : $"10.42.{name.Length % 250}.{(name[^1] % 200) + 2}",
                StartTime = Created,
                Conditions =
                [
                    new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = Created },
                    new V1PodCondition { Type = "Ready", Status = _ready ? "True" : "False", LastTransitionTime = Created },
                ],
                ContainerStatuses = _node.Length == 0 ? null :
                [
                    new V1ContainerStatus
                    {
                        Name = app,
                        Image = $"registry.example.com/{@namespace}/{app}:1.42.0",
                        ImageID = $"registry.example.com/{@namespace}/{app}@sha256:{new string('a', 64)}",
                        ContainerID = $"containerd://{new string('c', 64)}",
                        Ready = _ready,
                        Started = _ready,
                        RestartCount = _restarts,
                        LastState = _lastExit is null ? null : new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = _lastExit, ExitCode = 1, FinishedAt = Created } },
                        State = _waitingReason is null
                            ? new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Created } }
                            : new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = _waitingReason, Message = "back-off restarting failed container" } },
                    },
                ],
            },
        };
    }
}
