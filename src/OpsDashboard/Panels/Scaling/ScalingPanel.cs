using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Scaling;

/// <summary>The scaling panel: one tile per cluster, from its HorizontalPodAutoscalers (autoscaling/v2).</summary>
public sealed class ScalingPanel() : ClusterPanelDefinition<ClusterScaling>(Kind)
{
    public static readonly PanelKind Kind = new("Scaling", "scaling", "Scaling");

    /// <summary>An HPA scaled its target (every step), or stopped being able to scale, or scales again.</summary>
    public static readonly TimelineKind Scaled = new(20, "Scaling");

    public override string SnapshotCode => "scaling";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [Scaled];

    public override string OptionsSection => ScalingOptions.Section;

    public override IReadOnlyList<WatchedResource> KubernetesResources => [ScalingOnClusters.Autoscalers];

    public static string ClusterHref(string cluster) => ClusterHrefOf(Kind, cluster);

    public static PanelKey Tile(string cluster) => TileOf(Kind, cluster);

    public override IEnumerable<string> Namespaces(PanelSnapshot snapshot) =>
        snapshot is ClusterScaling scaling ? scaling.Autoscalers.Select(a => a.Namespace).Distinct(StringComparer.Ordinal) : [];

    public override IPanelChanges CreateChanges() => new PanelChanges<ClusterScaling>(ScalingChanges.Between);

    public override int AddSources(PanelServices setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        setup.Services.AddValidatedOptions<ScalingOptions, ScalingOptionsValidator>(setup.Configuration, OptionsSection);
        return base.AddSources(setup);
    }

    protected override IPanelSource<ClusterScaling> KubernetesSource(IServiceProvider services) => new KubernetesScalingSource(
        services.GetRequiredService<KubernetesFleet>(), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<IOptions<ScalingOptions>>().Value);

    protected override RenderFragment TileFacts(ClusterScaling snapshot) => ScalingTileDetails.For(snapshot);

    protected override DemoSource<ClusterScaling> Demo(DemoFleet fleet) => new DemoScalingSource(fleet);
}
