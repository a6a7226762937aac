using k8s.Models;

namespace OpsDashboard.Tests.Builders;

/// <summary>Kubernetes nodes: <c>new V1NodeBuilder("node-1").ControlPlane().NotReady().Build()</c>.</summary>
public sealed class V1NodeBuilder(string name)
{
    private static readonly DateTime Created = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly Dictionary<string, string> _labels = new() { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" };
    private string _ready = "True";
    private bool _cordoned;

    public V1NodeBuilder ControlPlane()
    {
        _labels["node-role.kubernetes.io/control-plane"] = "";
        return this;
    }

    public V1NodeBuilder NotReady()
    {
        _ready = "False";
        return this;
    }

    public V1NodeBuilder Cordoned()
    {
        _cordoned = true;
        return this;
    }

    public V1Node Build() => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string>(_labels), CreationTimestamp = Created },
        Spec = new V1NodeSpec { Unschedulable = _cordoned ? true : null, PodCIDR = "10.42.0.0/24" },
        Status = new V1NodeStatus
        {
            Conditions = [new V1NodeCondition { Type = "Ready", Status = _ready, LastHeartbeatTime = Created, Reason = _ready == "True" ? "KubeletReady" : "KubeletNotReady" }],
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = "10.0.0.1" }, new V1NodeAddress { Type = "Hostname", Address = name }],
            Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["memory"] = new("16Gi"), ["pods"] = new("110") },
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64",
                ContainerRuntimeVersion = "containerd://1.7.22",
                KernelVersion = "6.1.0-28-cloud-amd64",
                KubeletVersion = "v1.32.4",
                KubeProxyVersion = "v1.32.4",
                MachineID = name,
                OperatingSystem = "linux",
                OsImage = "Debian GNU/Linux 12 (bookworm)",
                SystemUUID = "system-uuid",
                BootID = "boot-id",
            },
        },
    };
}
