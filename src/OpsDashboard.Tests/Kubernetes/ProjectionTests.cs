using k8s.Models;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Tests.Kubernetes;

public sealed class ProjectionTests
{
    private static V1ObjectMeta Meta(string name, string? ownerKind = null, string? ownerName = null, Dictionary<string, string>? labels = null) => new()
    {
        Name = name,
        NamespaceProperty = "mdn-prod",
        Labels = labels,
        OwnerReferences = ownerKind is null ? null : [new V1OwnerReference { Kind = ownerKind, Name = ownerName, Controller = true, ApiVersion = "apps/v1", Uid = "u" }],
    };

    [Theory]
    [InlineData("ReplicaSet", "web-7d9f8c6b5", "7d9f8c6b5", WorkloadKind.Deployment, "web")]
    [InlineData("ReplicaSet", "standalone", null, WorkloadKind.ReplicaSet, "standalone")]
    [InlineData("StatefulSet", "sumo-redis", null, WorkloadKind.StatefulSet, "sumo-redis")]
    [InlineData("DaemonSet", "aws-node", null, WorkloadKind.DaemonSet, "aws-node")]
    [InlineData("Job", "cleanup-28473920", null, WorkloadKind.CronJob, "cleanup")]
    [InlineData("Job", "migrate-db", null, WorkloadKind.Job, "migrate-db")]
    [InlineData(null, null, null, WorkloadKind.Pod, "the-pod")]
    public void A_pods_workload_is_resolved_from_its_owner(string? kind, string? owner, string? hash, WorkloadKind expectedKind, string expectedName)
    {
        var labels = hash is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["pod-template-hash"] = hash };

        var workload = PodProjection.Owner(Meta("the-pod", kind, owner, labels), labels);

        Assert.Equal(new WorkloadRef(expectedKind, expectedName), workload);
    }

    [Fact]
    public void A_pod_keeps_only_what_the_panels_show()
    {
        var pod = new V1Pod
        {
            Metadata = Meta("web-7d9f8c6b5-x2k4q", "ReplicaSet", "web-7d9f8c6b5", new() { ["pod-template-hash"] = "7d9f8c6b5", ["app"] = "web" }),
            Spec = new V1PodSpec { NodeName = "ip-10-0-1-20", Containers = [new V1Container { Name = "web", Image = "mdn/kuma:latest" }] },
            Status = new V1PodStatus
            {
                Phase = "Running",
                PodIP = "10.0.3.12",
                Conditions = [new V1PodCondition { Type = "Ready", Status = "False" }],
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "web", Image = "mdn/kuma:latest", ImageID = "x", Ready = false, RestartCount = 14,
                        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } },
                        LastState = new V1ContainerState { Terminated = new V1ContainerStateTerminated { Reason = "OOMKilled", ExitCode = 137, FinishedAt = new DateTime(2026, 11, 22, 11, 58, 0, DateTimeKind.Utc) } },
                    },
                ],
            },
        };

        var info = PodProjection.From(pod, new StringPool());

        Assert.Equal(new WorkloadRef(WorkloadKind.Deployment, "web"), info.Owner);
        Assert.False(info.Ready);
        Assert.Equal(14, info.Restarts);
        Assert.Equal("CrashLoopBackOff", info.WaitingReason);
        Assert.Equal("OOMKilled", info.LastTerminationReason);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 58, 0, TimeSpan.Zero), info.LastTerminatedAt);
        Assert.Equal("ip-10-0-1-20", info.NodeName);
        Assert.Equal("7d9f8c6b5", info.Revision);
        Assert.Equal("web", info.Labels["app"]);
    }

    [Fact]
    public void Repeated_strings_are_shared_between_pods()
    {
        var pool = new StringPool();
        V1Pod Pod(string name) => new() { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = new string("mdn-prod".ToCharArray()) }, Status = new V1PodStatus { Phase = "Running" } };

        var a = PodProjection.From(Pod("a"), pool);
        var b = PodProjection.From(Pod("b"), pool);

        Assert.Same(a.Namespace, b.Namespace);
    }

    [Fact]
    public void A_node_reports_readiness_pressure_cordon_and_capacity()
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "ip-10-0-1-20", CreationTimestamp = new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc) },
            Spec = new V1NodeSpec { Unschedulable = true },
            Status = new V1NodeStatus
            {
                NodeInfo = new V1NodeSystemInfo { KubeletVersion = "v1.32.4-eks-7b2c9e0", Architecture = "amd64", BootID = "b", ContainerRuntimeVersion = "c", KernelVersion = "k", KubeProxyVersion = "p", MachineID = "m", OperatingSystem = "linux", OsImage = "o", SystemUUID = "s" },
                Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi") },
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("3920m"), ["memory"] = new("15Gi") },
                Conditions =
                [
                    new V1NodeCondition { Type = "Ready", Status = "Unknown", Reason = "NodeStatusUnknown", Message = "Kubelet stopped posting node status.", LastTransitionTime = new DateTime(2026, 11, 22, 11, 50, 0, DateTimeKind.Utc) },
                    new V1NodeCondition { Type = "MemoryPressure", Status = "True", Reason = "KubeletHasInsufficientMemory" },
                    new V1NodeCondition { Type = "DiskPressure", Status = "False" },
                ],
            },
        };

        var summary = NodeProjection.From(node, new StringPool());

        Assert.Equal(NodeReadiness.Unknown, summary.Readiness);
        Assert.Equal("NodeStatusUnknown", summary.ReadinessReason);
        Assert.True(summary.Cordoned);
        Assert.Equal(["MemoryPressure"], summary.Pressures);
        Assert.Equal(3.92, summary.CpuAllocatable, 3);
        Assert.Equal(16L * 1024 * 1024 * 1024, summary.MemoryCapacityBytes);
        Assert.Equal(3, summary.Conditions.Count);
        Assert.Equal("Kubelet stopped posting node status.", summary.Conditions[0].Message);
    }
}
