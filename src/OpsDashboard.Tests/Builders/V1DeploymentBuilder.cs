using k8s.Models;

namespace OpsDashboard.Tests.Builders;

/// <summary>
/// Deployments as the API server shows them mid-rollout: <c>new V1DeploymentBuilder("bedrock-web", "bedrock-prod")
/// .Replicas(10).RollingOut(updated: 3, available: 8).Build()</c>. Without a call it is a finished rollout.
/// </summary>
public sealed class V1DeploymentBuilder(string name, string @namespace = "default")
{
    private int _replicas = 3;
    private int? _statusReplicas;
    private int? _updated;
    private int? _ready;
    private int? _available;
    private long _generation = 2;
    private long _observed = 2;
    private bool _paused;
    private (string Status, string Reason, string Message)? _progressing;
    private string _image = $"registry.example.com/{@namespace}/{name}:1.42.0";
    private long _revision = 2;

    public V1DeploymentBuilder Replicas(int replicas)
    {
        _replicas = replicas;
        return this;
    }

    /// <summary>A new ReplicaSet scaling up: <paramref name="updated"/> new pods, <paramref name="total"/> in all (default: the spec's), <paramref name="available"/> available.</summary>
    public V1DeploymentBuilder RollingOut(int updated, int available, int? total = null)
    {
        (_updated, _available, _ready, _statusReplicas) = (updated, available, available, total ?? _replicas);
        _progressing = ("True", "ReplicaSetUpdated", $"ReplicaSet \"{name}-5f7b9c6d48\" is progressing.");
        return this;
    }

    /// <summary>The spec changed (generation moved on) and the controller has not looked yet.</summary>
    public V1DeploymentBuilder NotObservedYet()
    {
        _generation = _observed + 1;
        return this;
    }

    public V1DeploymentBuilder DeadlineExceeded()
    {
        _progressing = ("False", "ProgressDeadlineExceeded", $"ReplicaSet \"{name}-5f7b9c6d48\" has timed out progressing.");
        return this;
    }

    public V1DeploymentBuilder Paused()
    {
        _paused = true;
        _progressing = ("Unknown", "DeploymentPaused", "Deployment is paused");
        return this;
    }

    public V1DeploymentBuilder Image(string image, long revision)
    {
        (_image, _revision) = (image, revision);
        return this;
    }

    public V1Deployment Build()
    {
        var labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = name };
        var updated = _updated ?? _replicas;
        var available = _available ?? _replicas;
        var progressing = _progressing ?? ("True", "NewReplicaSetAvailable", $"ReplicaSet \"{name}-5f7b9c6d48\" has successfully progressed.");
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = Workloads.Meta(name, @namespace, _generation, new Dictionary<string, string> { ["deployment.kubernetes.io/revision"] = _revision.ToString(System.Globalization.CultureInfo.InvariantCulture) }),
            Spec = new V1DeploymentSpec
            {
                Replicas = _replicas,
                Paused = _paused ? true : null,
                ProgressDeadlineSeconds = 600,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "25%", MaxUnavailable = "25%" } },
                Template = Workloads.Template(labels, name, _image),
            },
            Status = new V1DeploymentStatus
            {
                ObservedGeneration = _observed,
                Replicas = _statusReplicas ?? _replicas,
                UpdatedReplicas = updated,
                ReadyReplicas = _ready ?? _replicas,
                AvailableReplicas = available,
                UnavailableReplicas = Math.Max(0, _replicas - available) is var u && u > 0 ? u : null,
                Conditions =
                [
                    new V1DeploymentCondition { Type = "Available", Status = available >= _replicas - (_replicas / 4) ? "True" : "False", Reason = "MinimumReplicasAvailable", Message = "Deployment has minimum availability.", LastUpdateTime = Workloads.Created, LastTransitionTime = Workloads.Created },
                    new V1DeploymentCondition { Type = "Progressing", Status = progressing.Status, Reason = progressing.Reason, Message = progressing.Message, LastUpdateTime = Workloads.Created, LastTransitionTime = Workloads.Created },
                ],
            },
        };
    }
}
