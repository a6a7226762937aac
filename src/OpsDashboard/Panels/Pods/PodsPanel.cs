using Microsoft.AspNetCore.Components;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>The pod readiness panel: one tile per cluster, from its pods, Warning events and workload specs.</summary>
public sealed class PodsPanel() : ClusterPanelDefinition<ClusterPods>(Kind)
{
    public static readonly PanelKind Kind = new("Pods", "pods", "Pod readiness");

    /// <summary>A Kubernetes Warning event (probe failures, back-offs, OOM kills, scheduling failures), one row per burst.</summary>
    public static readonly TimelineKind WarningEvent = new(1, "KubernetesEvent");

    /// <summary>A container restarted, with the reason of its last exit (OOMKilled, Error).</summary>
    public static readonly TimelineKind PodRestart = new(2, "PodRestart");

    public override string SnapshotCode => "pods";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [WarningEvent, PodRestart];

    public override IReadOnlyList<WatchedResource> KubernetesResources => PodsOnClusters.All;

    public static string ClusterHref(string cluster) => ClusterHrefOf(Kind, cluster);

    public static string WorkloadHref(string cluster, string ns, WorkloadRef workload)
    {
        return $"panels/pods/{Uri.EscapeDataString(cluster)}/{Uri.EscapeDataString(ns)}/{workload.Kind}/{Uri.EscapeDataString(workload.Name)}";
    }

    public static PanelKey Tile(string cluster) => TileOf(Kind, cluster);

    /// <summary>A pod's row leads to its workload, a node's to the node, anything else to the cluster's workloads.</summary>
    public override string? RowHref(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (TimelineLinks.Split(row.Owner) is var (kind, name) && row.Namespace is { } ns && Enum.TryParse<WorkloadKind>(kind, out var workload))
        {
            return WorkloadHref(row.Cluster, ns, new WorkloadRef(workload, name));
        }

        return TimelineLinks.Split(row.InvolvedObject) is ("Node", var node) ? NodesPanel.NodeHref(row.Cluster, node) : DetailHref(row.Tile);
    }

    public override IReadOnlyList<string> Kubectl(TimelineEvent row) => KubectlCommandLines.ForRow(row, KubectlCommandLines.ForClusterPods);

    public override IEnumerable<string> Namespaces(PanelSnapshot snapshot) =>
        snapshot is ClusterPods pods ? pods.Workloads.Select(w => w.Namespace) : [];

    public override IPanelChanges CreateChanges() => new PodsChanges();

    protected override IPanelSource<ClusterPods> KubernetesSource(IServiceProvider services) => ActivatorUtilities.CreateInstance<KubernetesPodReadinessSource>(services);

    protected override RenderFragment TileFacts(ClusterPods snapshot) => PodsTileDetails.For(snapshot);

    protected override DemoSource<ClusterPods> Demo(DemoFleet fleet) => new DemoPodReadinessSource(fleet);

    /// <summary>Container restarts and Warning event bursts; bursts continue after a restart from the rows already written.</summary>
    private sealed class PodsChanges : IPanelChanges
    {
        private readonly WarningEventBursts _bursts = new();
        private readonly PodRestarts _restarts = new();

        public TimelineContinuation Continues { get; } = new(WarningEvent, WarningEventBursts.Remember);

        public IEnumerable<TimelineEvent> Between(ChangeContext context, PanelSnapshot? before, PanelSnapshot after, DateTimeOffset now) =>
            after is ClusterPods pods ? [.. _restarts.Observe(context, pods), .. _bursts.Observe(context, pods, now)] : [];

        public void Continue(IReadOnlyList<TimelineEvent> rows) => _bursts.Seed(rows);
    }
}
