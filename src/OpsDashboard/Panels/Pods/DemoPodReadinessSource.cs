using OpsDashboard.Panels.Nodes;
using OpsDashboard.Demo;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>
/// Pods of the simulated fleet: MDN web scaling 6 → 20 under load, probe failures and restarts on MDN web pods when
/// MySQL is slow (the November 2017 story), now and then a crash-looping kumascript.
/// </summary>
public sealed class DemoPodReadinessSource(DemoFleet fleet) : PolledSource<ClusterPods>(fleet.Time, TimeSpan.FromSeconds(5)), IPodReadinessSource
{
    private static readonly TimeSpan LoadPeriod = TimeSpan.FromMinutes(24);
    private static readonly TimeSpan EpisodeWindow = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan PodStartup = TimeSpan.FromSeconds(40);

    public override SourceInfo Info { get; } = new(PanelKind.Pods, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(60));

    public static ClusterPods Simulate(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var elapsed = fleet.Elapsed(now);
        var nodes = DemoNodesSource.Simulate(fleet, cluster, now);
        var workloads = new List<WorkloadReadiness>
        {
            Healthy("kube-system", WorkloadKind.DaemonSet, "aws-node", nodes.Nodes.Count, nodes.Ready),
            Healthy("kube-system", WorkloadKind.DaemonSet, "kube-proxy", nodes.Nodes.Count, nodes.Ready),
        };

        foreach (var ns in cluster.Namespaces)
        {
            switch (ns)
            {
                case "bedrock-prod":
                    workloads.Add(Healthy(ns, WorkloadKind.Deployment, "bedrock-web", 10, 10));
                    workloads.Add(Healthy(ns, WorkloadKind.Deployment, "bedrock-clock", 1, 1));
                    break;
                case "mdn-prod":
                    workloads.Add(MdnWeb(cluster.Name, elapsed));
                    workloads.Add(Healthy(ns, WorkloadKind.Deployment, "api", 4, 4));
                    workloads.Add(Healthy(ns, WorkloadKind.Deployment, "celery", 3, 3));
                    workloads.Add(Kumascript(cluster.Name, elapsed));
                    break;
                case "sumo-prod":
                    workloads.Add(Healthy(ns, WorkloadKind.Deployment, "sumo-web", 8, 8));
                    workloads.Add(Healthy(ns, WorkloadKind.Deployment, "sumo-celery", 3, 3));
                    workloads.Add(Healthy(ns, WorkloadKind.StatefulSet, "sumo-redis", 1, 1));
                    break;
            }
        }

        return new ClusterPods(cluster.Name, [.. workloads.OrderByDescending(w => w.Badness)]);
    }

    /// <summary>Desired MDN web replicas: 6 at rest, 20 at peak load, following a smooth daily-like curve.</summary>
    public static int MdnWebReplicas(TimeSpan elapsed)
    {
        var phase = elapsed.TotalSeconds / LoadPeriod.TotalSeconds * 2 * Math.PI;
        var load = 0.5 - (0.5 * Math.Cos(phase));
        return 6 + (int)Math.Round(14 * load);
    }

    protected override Task<IReadOnlyList<TargetReading<ClusterPods>>> PollAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        IReadOnlyList<TargetReading<ClusterPods>> readings =
        [
            .. DemoFleet.Clusters.Select(c => fleet.ApiOutage(c.Name, now) is { } outage
                ? TargetReading<ClusterPods>.Failed(c.Name, c.Name, outage)
                : TargetReading<ClusterPods>.Ok(c.Name, c.Name, Simulate(fleet, c, now))),
        ];
        return Task.FromResult(readings);
    }

    private static WorkloadReadiness Healthy(string ns, WorkloadKind kind, string name, int desired, int ready) =>
        new(ns, kind, name, Math.Min(ready, desired), desired, 0, null, null, 0, null, TimeSpan.Zero, false);

    private static WorkloadReadiness MdnWeb(string cluster, TimeSpan elapsed)
    {
        var desired = MdnWebReplicas(elapsed);
        var starting = Math.Max(0, desired - MdnWebReplicas(elapsed - PodStartup));
        var window = (long)(elapsed / EpisodeWindow);
        var into = elapsed - (window * EpisodeWindow);
        var probability = cluster == "oregon-a" ? 0.6 : 0.3;

        // A slow-MySQL episode: readiness fails from minute 1, liveness from minute 3 and kills a pod now and then.
        var episode = DemoNoise.Chance(cluster + "/mysql-slow", window, probability) && into >= TimeSpan.FromMinutes(1) && into < TimeSpan.FromMinutes(6);
        var failures = episode ? (int)((into - TimeSpan.FromMinutes(1)).TotalSeconds / 10) + 1 : 0;
        var liveness = episode && into >= TimeSpan.FromMinutes(3);
        var restarts = 0;
        for (var w = window - 5; w <= window; w++)
        {
            var finishedLiveness = w < window || into >= TimeSpan.FromMinutes(4);
            if (w >= 0 && DemoNoise.Chance(cluster + "/mysql-slow", w, probability) && finishedLiveness)
            {
                restarts += 2;
            }
        }

        var message = liveness
            ? "liveness probe failed: HTTP 503"
            : "readiness probe failed: HTTP 503";
        return new WorkloadReadiness(
            "mdn-prod", WorkloadKind.Deployment, "web",
            Ready: desired - starting - (episode ? Math.Min(desired, 1 + (failures / 12)) : 0),
            Desired: desired,
            RestartsLastHour: restarts,
            WaitingReason: null,
            LastTermination: restarts > 0 ? "Error" : null,
            ProbeFailures: failures,
            ProbeFailureMessage: episode ? message : null,
            ProbeFailureWindow: episode ? into - TimeSpan.FromMinutes(1) : TimeSpan.Zero,
            RolloutInProgress: false);
    }

    private static WorkloadReadiness Kumascript(string cluster, TimeSpan elapsed)
    {
        var window = (long)(elapsed / TimeSpan.FromMinutes(30));
        var into = elapsed - (window * TimeSpan.FromMinutes(30));
        var crashing = cluster == "oregon-b" && DemoNoise.Chance("kumascript-oom", window, 0.5) && into >= TimeSpan.FromMinutes(12) && into < TimeSpan.FromMinutes(16);
        var restarts = crashing ? 3 + (int)((into - TimeSpan.FromMinutes(12)).TotalMinutes * 2) : 0;
        return new WorkloadReadiness(
            "mdn-prod", WorkloadKind.Deployment, "kumascript",
            Ready: crashing ? 3 : 4,
            Desired: 4,
            RestartsLastHour: restarts,
            WaitingReason: crashing ? "CrashLoopBackOff" : null,
            LastTermination: crashing ? "OOMKilled" : null,
            ProbeFailures: 0,
            ProbeFailureMessage: null,
            ProbeFailureWindow: TimeSpan.Zero,
            RolloutInProgress: false);
    }
}
