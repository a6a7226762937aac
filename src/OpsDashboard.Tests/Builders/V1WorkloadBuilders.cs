using k8s.Models;

namespace OpsDashboard.Tests.Builders;

/// <summary>StatefulSets mid-rollout, partitioned or not: <c>new V1StatefulSetBuilder("sumo-redis").Replicas(5).Partitioned(3, updated: 1)</c>.</summary>
public sealed class V1StatefulSetBuilder(string name, string @namespace = "default")
{
    private int _replicas = 3;
    private int? _ready;
    private int? _updated;
    private int? _partition;
    private bool _rollingUpdateSet = true;
    private string _strategy = "RollingUpdate";
    private string _updateRevision = $"{name}-6d4b7c9f8";
    private long _generation = 2;
    private long _observed = 2;

    public V1StatefulSetBuilder Replicas(int replicas)
    {
        _replicas = replicas;
        return this;
    }

    public V1StatefulSetBuilder NotReady(int ready)
    {
        _ready = ready;
        return this;
    }

    /// <summary>Pods at and above ordinal <paramref name="partition"/> are updated; <paramref name="updated"/> are so far.</summary>
    public V1StatefulSetBuilder Partitioned(int partition, int updated)
    {
        (_partition, _updated, _updateRevision) = (partition, updated, $"{name}-7f9d5c8b6");
        return this;
    }

    /// <summary>Without spec.updateStrategy.rollingUpdate (the API server sets one; older objects lack it), moving to a new revision.</summary>
    public V1StatefulSetBuilder UpdatingWithoutRollingUpdate(int updated)
    {
        (_rollingUpdateSet, _updated, _updateRevision) = (false, updated, $"{name}-7f9d5c8b6");
        return this;
    }

    public V1StatefulSetBuilder WithoutRollingUpdate()
    {
        _rollingUpdateSet = false;
        return this;
    }

    public V1StatefulSetBuilder OnDelete()
    {
        (_strategy, _rollingUpdateSet) = ("OnDelete", false);
        return this;
    }

    public V1StatefulSetBuilder NeverObserved()
    {
        _observed = 0;
        return this;
    }

    public V1StatefulSet Build()
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name };
        var updated = _updated ?? _replicas;
        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Workloads.Meta(name, @namespace, _generation, null),
            Spec = new V1StatefulSetSpec
            {
                Replicas = _replicas,
                ServiceName = name,
                Selector = new V1LabelSelector { MatchLabels = labels },
                UpdateStrategy = new V1StatefulSetUpdateStrategy
                {
                    Type = _strategy,
                    RollingUpdate = _rollingUpdateSet ? new V1RollingUpdateStatefulSetStrategy { Partition = _partition ?? 0 } : null,
                },
                Template = Workloads.Template(labels, name, $"registry.example.com/{@namespace}/{name}:7.2"),
            },
            Status = new V1StatefulSetStatus
            {
                ObservedGeneration = _observed,
                Replicas = _replicas,
                ReadyReplicas = _ready ?? _replicas,
                AvailableReplicas = _ready ?? _replicas,
                CurrentReplicas = _replicas - (updated == _replicas ? 0 : updated),
                UpdatedReplicas = updated,
                CurrentRevision = updated == _replicas ? _updateRevision : $"{name}-6d4b7c9f8",
                UpdateRevision = _updateRevision,
            },
        };
    }
}

/// <summary>DaemonSets mid-rollout: <c>new V1DaemonSetBuilder("fluentd", "kube-system").Nodes(6).RollingOut(updated: 2, available: 5)</c>.</summary>
public sealed class V1DaemonSetBuilder(string name, string @namespace = "kube-system")
{
    private int _desired = 4;
    private int? _updated;
    private int? _available;
    private string _strategy = "RollingUpdate";
    private long _generation = 2;
    private long _observed = 2;

    public V1DaemonSetBuilder Nodes(int desired)
    {
        _desired = desired;
        return this;
    }

    public V1DaemonSetBuilder RollingOut(int updated, int available)
    {
        (_updated, _available) = (updated, available);
        return this;
    }

    public V1DaemonSetBuilder OnDelete()
    {
        _strategy = "OnDelete";
        return this;
    }

    public V1DaemonSetBuilder NotObservedYet()
    {
        _generation = _observed + 1;
        return this;
    }

    public V1DaemonSet Build()
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name };
        var available = _available ?? _desired;
        return new V1DaemonSet
        {
            ApiVersion = "apps/v1",
            Kind = "DaemonSet",
            Metadata = Workloads.Meta(name, @namespace, _generation, null),
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                UpdateStrategy = new V1DaemonSetUpdateStrategy
                {
                    Type = _strategy,
                    RollingUpdate = _strategy == "RollingUpdate" ? new V1RollingUpdateDaemonSet { MaxUnavailable = 1, MaxSurge = 0 } : null,
                },
                Template = Workloads.Template(labels, name, $"registry.example.com/{@namespace}/{name}:1.16"),
            },
            Status = new V1DaemonSetStatus
            {
                ObservedGeneration = _observed,
                DesiredNumberScheduled = _desired,
                CurrentNumberScheduled = _desired,
                NumberMisscheduled = 0,
                NumberReady = available,
                NumberAvailable = available,
                NumberUnavailable = _desired - available is var u && u > 0 ? u : null,
                UpdatedNumberScheduled = _updated ?? _desired,
            },
        };
    }
}

internal static class Workloads
{
    public static readonly DateTime Created = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    public static V1ObjectMeta Meta(string name, string @namespace, long generation, Dictionary<string, string>? annotations) => new()
    {
        Name = name,
        NamespaceProperty = @namespace,
        Uid = $"uid-{@namespace}-{name}",
        Generation = generation,
        CreationTimestamp = Created,
        Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name },
        Annotations = annotations,
    };

    public static V1PodTemplateSpec Template(Dictionary<string, string> labels, string name, string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = name, Image = image, Ports = [new V1ContainerPort { ContainerPort = 8000 }] }] },
    };
}

/// <summary>A Deployment's ReplicaSet: controller reference, pod-template-hash and revision, as the controller makes them.</summary>
public static class V1ReplicaSetBuilder
{
    public static V1ReplicaSet Of(string deployment, string @namespace, string hash, long revision, int replicas) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "ReplicaSet",
        Metadata = new V1ObjectMeta
        {
            Name = $"{deployment}-{hash}",
            NamespaceProperty = @namespace,
            Uid = $"uid-{@namespace}-{deployment}-{hash}",
            CreationTimestamp = Workloads.Created,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = deployment, ["pod-template-hash"] = hash },
            Annotations = new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = deployment, Uid = $"uid-{@namespace}-{deployment}", Controller = true, BlockOwnerDeletion = true }],
        },
        Spec = new V1ReplicaSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = deployment, ["pod-template-hash"] = hash } },
        },
        Status = new V1ReplicaSetStatus { Replicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas, ObservedGeneration = 1 },
    };
}
