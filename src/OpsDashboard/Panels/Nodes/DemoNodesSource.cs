using OpsDashboard.Demo;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Nodes;

/// <summary>Nodes of the simulated fleet: a NotReady node now and then, a cordoned node, a kubelet left behind.</summary>
public sealed class DemoNodesSource(DemoFleet fleet) : DemoSource<ClusterNodes>(fleet, TimeSpan.FromSeconds(5)), INodesSource
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public override SourceInfo Info { get; } = new(NodesPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(60));

    public static ClusterNodes Simulate(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var index = DemoFleet.Clusters.ToList().FindIndex(c => c.Name == cluster.Name);
        var elapsed = fleet.Elapsed(now) + TimeSpan.FromMinutes(index * 4);
        var window = (long)(elapsed / Window);
        var intoWindow = elapsed - (window * Window);
        var sick = DemoNoise.Chance(cluster.Name + "/notready", window, 0.45) ? (int)(DemoNoise.Unit(cluster.Name + "/which", window) * cluster.NodeCount) : -1;
        var sickNow = intoWindow >= TimeSpan.FromMinutes(2) && intoWindow < TimeSpan.FromMinutes(6);

        var nodes = new List<NodeSummary>(cluster.NodeCount);
        for (var i = 0; i < cluster.NodeCount; i++)
        {
            var name = $"ip-10-{index}-{i / 4}-{(i * 37 % 200) + 20}.{cluster.Region}.compute.internal";
            var notReady = i == sick && sickNow;
            var pressures = cluster.Name == "tokyo" && i == 2 && window % 3 == 1 ? new[] { "MemoryPressure" } : [];
            nodes.Add(new NodeSummary(
                name,
                notReady ? NodeReadiness.NotReady : NodeReadiness.Ready,
                notReady ? "KubeletNotReady" : "KubeletReady",
                notReady ? now - intoWindow + TimeSpan.FromMinutes(2) : fleet.Epoch - TimeSpan.FromDays(3),
                Cordoned: cluster.Name == "oregon-a" && i == cluster.NodeCount - 1,
                pressures,
                cluster.Name == "frankfurt" && i == 0 ? "v1.31.7-eks-2a8f3c1" : "v1.32.4-eks-7b2c9e0",
                fleet.Epoch - TimeSpan.FromDays(40 - i),
                CpuAllocatable: 3.92,
                CpuCapacity: 4,
                MemoryAllocatableBytes: 15_300_000_000,
                MemoryCapacityBytes: 16_400_000_000)
            {
                Conditions =
                [
                    new NodeCondition("Ready", notReady ? "False" : "True", notReady ? "KubeletNotReady" : "KubeletReady",
                        notReady ? "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:cni plugin not initialized" : "kubelet is posting ready status",
                        notReady ? now - intoWindow + TimeSpan.FromMinutes(2) : fleet.Epoch - TimeSpan.FromDays(3)),
                    new NodeCondition("MemoryPressure", pressures.Length > 0 ? "True" : "False", pressures.Length > 0 ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory", pressures.Length > 0 ? "kubelet has insufficient memory available" : "kubelet has sufficient memory available", fleet.Epoch - TimeSpan.FromDays(3)),
                    new NodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", fleet.Epoch - TimeSpan.FromDays(3)),
                    new NodeCondition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", fleet.Epoch - TimeSpan.FromDays(3)),
                ],
            });
        }

        return new ClusterNodes(cluster.Name, nodes, now);
    }

    public override IReadOnlyList<TargetReading<ClusterNodes>> Read(DateTimeOffset now) =>
    [
        .. DemoFleet.Clusters.Select(c => Fleet.ApiOutage(c.Name, now) is { } outage
            ? TargetReading<ClusterNodes>.Failed(c.Name, c.Name, outage)
            : TargetReading<ClusterNodes>.Ok(c.Name, c.Name, Simulate(Fleet, c, now))),
    ];
}
