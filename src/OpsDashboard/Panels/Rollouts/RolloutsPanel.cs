using Microsoft.AspNetCore.Components;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>The rollouts panel: one tile per cluster, judging each Deployment, StatefulSet and DaemonSet as kubectl rollout status does.</summary>
public sealed class RolloutsPanel() : ClusterPanelDefinition<ClusterRollouts>(Kind)
{
    public static readonly PanelKind Kind = new("Rollouts", "rollouts", "Rollouts");

    /// <summary>A rollout started, stalled, changed images (a rollback), or finished. Code 21: far from the others' so panels built alongside do not collide (Scaling took 20).</summary>
    public static readonly TimelineKind Rollout = new(21, "Rollout");

    public override string SnapshotCode => "rollouts";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [Rollout];

    /// <summary>Every rollout row is a deploy: its start, image change or rollback, stall and end.</summary>
    public override IReadOnlyList<TimelineKind> ChangeKinds => [Rollout];

    public override IReadOnlyList<WatchedResource> KubernetesResources => RolloutsOnClusters.All;

    public static string ClusterHref(string cluster) => ClusterHrefOf(Kind, cluster);

    public static string RolloutHref(string cluster, string ns, WorkloadKind kind, string name) =>
        $"panels/rollouts/{Uri.EscapeDataString(cluster)}/{Uri.EscapeDataString(ns)}/{kind}/{Uri.EscapeDataString(name)}";

    public static PanelKey Tile(string cluster) => TileOf(Kind, cluster);

    public override string? RowHref(TimelineEvent row) =>
        Workload(row) is var (ns, kind, name) ? RolloutHref(row.Cluster, ns, kind, name) : DetailHref(row.Tile);

    public override IReadOnlyList<string> Kubectl(TimelineEvent row) =>
        Workload(row) is var (ns, kind, name) ? RolloutChanges.Kubectl(row.Cluster, ns, kind, name) : [];

    public override IEnumerable<string> Namespaces(PanelSnapshot snapshot) =>
        snapshot is ClusterRollouts rollouts ? rollouts.Rollouts.Select(r => r.Namespace) : [];

    public override IPanelChanges CreateChanges() => new PanelChanges<ClusterRollouts>(RolloutChanges.Between);

    protected override IPanelSource<ClusterRollouts> KubernetesSource(IServiceProvider services) => ActivatorUtilities.CreateInstance<KubernetesRolloutsSource>(services);

    protected override RenderFragment TileFacts(ClusterRollouts snapshot) => RolloutsTileDetails.For(snapshot);

    protected override DemoSource<ClusterRollouts> Demo(DemoFleet fleet) => new DemoRolloutsSource(fleet);

    /// <summary>The workload a row is about ("Deployment/bedrock-web" in its namespace); null for anything else.</summary>
    private static (string Namespace, WorkloadKind Kind, string Name)? Workload(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return TimelineLinks.Split(row.InvolvedObject) is var (kind, name) && row.Namespace is { } ns && Enum.TryParse<WorkloadKind>(kind, out var workload)
            ? (ns, workload, name)
            : null;
    }
}
