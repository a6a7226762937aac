using System.Collections.Frozen;
using OpsDashboard.Demo;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>
/// Pods of the simulated fleet, as pods and warning events fed through the same aggregator as the Kubernetes source:
/// MDN web scaling 6 → 20 under load, probe failures and restarts on MDN web pods when MySQL is slow (the November 2017
/// story), pods that cannot be scheduled at the peak until the autoscaler adds room, now and then a crash-looping
/// kumascript, pods going unready with their node, and the new pods of a stalled rollout that cannot pull their image.
/// </summary>
public sealed class DemoPodReadinessSource(DemoFleet fleet) : DemoSource<ClusterPods>(fleet, TimeSpan.FromSeconds(5)), IPodReadinessSource
{
    private static readonly TimeSpan LoadPeriod = TimeSpan.FromMinutes(24);

    public override SourceInfo Info { get; } = new(PodsPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(60));

    public static ClusterPods Simulate(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var elapsed = fleet.Elapsed(now);
        var nodes = DemoNodesSource.Simulate(fleet, cluster, now).Nodes;
        var world = new DemoPodWorld(cluster.Name, nodes, fleet.Epoch, now);

        world.DaemonSet("kube-system", "aws-node");
        world.DaemonSet("kube-system", "kube-proxy");
        foreach (var ns in cluster.Namespaces)
        {
            switch (ns)
            {
                case "bedrock-prod":
                    world.Deployment(ns, "bedrock-web", 10);
                    world.Deployment(ns, "bedrock-clock", 1);
                    break;
                case "mdn-prod":
                    DemoMdnScenarios.Web(world, elapsed, MdnWebReplicas(elapsed), MdnWebReplicas(elapsed - TimeSpan.FromSeconds(40)));
                    world.Deployment(ns, "api", 4);
                    world.Deployment(ns, "celery", 3);
                    DemoMdnScenarios.Kumascript(world, elapsed);
                    break;
                case "sumo-prod":
                    world.Deployment(ns, "sumo-web", 8);
                    world.Deployment(ns, "sumo-celery", 3);
                    world.StatefulSet(ns, "sumo-redis", 1);
                    break;
            }
        }

        // A stalled rollout's pods, as the rollouts demo plays it: frankfurt's bedrock on an image its registry does not have yet.
        foreach (var (ns, name, oldPodsDown, failing, image, since) in DemoRolloutsSource.StalledNewPods(fleet, cluster, now))
        {
            world.StalledRollout(ns, name, oldPodsDown, failing, image, since);
        }

        return PodReadinessAggregator.Aggregate(cluster.Name, world.Inputs(), now);
    }

    /// <summary>Desired MDN web replicas: 6 at rest, 20 at peak load, following a smooth daily-like curve.</summary>
    public static int MdnWebReplicas(TimeSpan elapsed)
    {
        var phase = elapsed.TotalSeconds / LoadPeriod.TotalSeconds * 2 * Math.PI;
        var load = 0.5 - (0.5 * Math.Cos(phase));
        return 6 + (int)Math.Round(14 * load);
    }

    public override IReadOnlyList<TargetReading<ClusterPods>> Read(DateTimeOffset now) =>
    [
        .. DemoFleet.Clusters.Select(c => Fleet.ApiOutage(c.Name, now) is { } outage
            ? TargetReading<ClusterPods>.Failed(c.Name, c.Name, outage)
            : TargetReading<ClusterPods>.Ok(c.Name, c.Name, Simulate(Fleet, c, now))),
    ];
}

/// <summary>Builds the pods, specs and events of one simulated cluster, as the Kubernetes projections would.</summary>
internal sealed class DemoPodWorld(string cluster, IReadOnlyList<NodeSummary> nodes, DateTimeOffset epoch, DateTimeOffset now)
{
    private readonly List<PodInfo> _pods = [];
    private readonly Dictionary<(string, WorkloadKind, string), WorkloadSpec> _specs = [];
    private readonly List<WarningEvent> _events = [];
    private readonly Dictionary<string, int> _restartsLastHour = [];

    public DateTimeOffset Now => now;

    public string Cluster => cluster;

    public int NodeCount => nodes.Count;

    public int RestartsOf(PodInfo pod) => _restartsLastHour.GetValueOrDefault(pod.Name);

    public List<PodInfo> Deployment(string ns, string name, int desired, int starting = 0)
    {
        _specs[(ns, WorkloadKind.Deployment, name)] = new WorkloadSpec(ns, WorkloadKind.Deployment, name, desired);
        var hash = DemoNoise.Hex(cluster + ns + name, 0, 10);
        return [.. Enumerable.Range(0, desired).Select(i => Add(ns, $"{name}-{hash}-{DemoNoise.Hex(cluster + name, i + 1, 5)}", new WorkloadRef(WorkloadKind.Deployment, name), hash, i, ready: i < desired - starting))];
    }

    public void StatefulSet(string ns, string name, int desired)
    {
        _specs[(ns, WorkloadKind.StatefulSet, name)] = new WorkloadSpec(ns, WorkloadKind.StatefulSet, name, desired);
        for (var i = 0; i < desired; i++)
        {
            Add(ns, $"{name}-{i}", new WorkloadRef(WorkloadKind.StatefulSet, name), "rev-1", i, ready: true);
        }
    }

    public void DaemonSet(string ns, string name)
    {
        _specs[(ns, WorkloadKind.DaemonSet, name)] = new WorkloadSpec(ns, WorkloadKind.DaemonSet, name, nodes.Count);
        for (var i = 0; i < nodes.Count; i++)
        {
            Add(ns, $"{name}-{DemoNoise.Hex(cluster + name, i, 5)}", new WorkloadRef(WorkloadKind.DaemonSet, name), "rev-1", i, ready: true, node: nodes[i]);
        }
    }

    /// <summary>
    /// A Deployment's rollout stuck on its new pods' image: <paramref name="oldPodsDown"/> of its pods gone, and
    /// <paramref name="failing"/> new ones (a new template hash) waiting in ImagePullBackOff since <paramref name="since"/>.
    /// </summary>
    public void StalledRollout(string ns, string name, int oldPodsDown, int failing, string image, DateTimeOffset since)
    {
        var old = _pods.Where(p => p.Namespace == ns && p.Owner.Kind == WorkloadKind.Deployment && p.Owner.Name == name).ToList();
        foreach (var gone in old.Take(oldPodsDown))
        {
            _pods.Remove(gone);
        }

        var hash = DemoNoise.Hex(cluster + ns + name + image, 0, 10);
        var pulls = 1 + (int)((now - since).TotalSeconds / 20);
        for (var i = 0; i < failing; i++)
        {
            var pod = Add(ns, $"{name}-{hash}-{DemoNoise.Hex(cluster + image, i + 1, 5)}", new WorkloadRef(WorkloadKind.Deployment, name), hash, old.Count + i, ready: false) with
            {
                Phase = "Pending",
                WaitingReason = DemoRolloutsSource.ImagePullBackOff,
                Created = since - TimeSpan.FromSeconds(30),
                Images = [new ContainerImage(name, image, null)],
            };
            _pods[^1] = pod;
            Warn(pod, "Failed", $"Failed to pull image \"{image}\": rpc error: code = NotFound desc = failed to pull and unpack image \"{image}\": not found", Math.Max(1, pulls / 4), since);
            Warn(pod, "BackOff", $"Back-off pulling image \"{image}\"", pulls, since);
        }
    }

    public void Replace(PodInfo pod, PodInfo with, int restartsLastHour = 0)
    {
        _pods[_pods.IndexOf(pod)] = with;
        _restartsLastHour[with.Name] = restartsLastHour;
    }

    public void Warn(PodInfo pod, string reason, string message, int count, DateTimeOffset since) =>
        _events.Add(new WarningEvent($"{pod.Name}/{reason}", pod.Namespace, "Pod", pod.Name, reason, message, count, since, now));

    /// <summary>
    /// What a demo workload runs: bedrock was rolled out on 2017-12-04 everywhere but frankfurt, still on 2017-11-30
    /// (the versions page's drift); digests are made up from the image's name.
    /// </summary>
    private ContainerImage Image(string ns, string workload)
    {
        var image = ns switch
        {
            "bedrock-prod" => cluster == "frankfurt" ? "mozorg/bedrock:2017-11-30" : "mozorg/bedrock:2017-12-04",
            "mdn-prod" => workload == "kumascript" ? "mdnwebdocs/kumascript:2017-12-01" : "mdnwebdocs/kuma:2017-12-01",
            "sumo-prod" => "mozmeao/kitsune:2017-11-28",
            _ => $"602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/{workload}:v1.32.0",
        };
        return new ContainerImage(workload, image, "sha256:" + DemoNoise.Hex(image, 0, 64));
    }

    public ClusterPodInputs Inputs() => new(
        _pods,
        _pods.ToDictionary(p => (p.Namespace, p.Name)),
        _specs,
        _events,
        p => _restartsLastHour.GetValueOrDefault(p.Name),
        (e, _) => e.Count);

    private PodInfo Add(string ns, string name, WorkloadRef owner, string revision, int index, bool ready, NodeSummary? node = null)
    {
        // DemoNoise, not string.GetHashCode (randomized per process): the same moment places the same pods in every run.
        node ??= nodes[(index + DemoNoise.Index(name, nodes.Count)) % nodes.Count];
        var nodeReady = node.Readiness == NodeReadiness.Ready;
        var pod = new PodInfo(ns, name, node.Name, "Running", ready && nodeReady, owner, revision, 0, null, null, null, epoch - TimeSpan.FromHours(6 + index),
            false, $"10.{DemoNoise.Index(cluster, 250)}.{index / 250}.{index % 250}", FrozenDictionary<string, string>.Empty)
        {
            Images = [Image(ns, owner.Name)],
        };
        _pods.Add(pod);
        if (!nodeReady)
        {
            // As the node lifecycle controller does for every pod on a node that stops reporting.
            Warn(pod, "NodeNotReady", "Node is not ready", 1, node.ReadinessSince ?? now);
        }

        return pod;
    }
}
