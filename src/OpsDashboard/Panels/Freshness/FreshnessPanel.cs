using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>The data freshness panel: one tile per app per cluster, from the health pages of its pods.</summary>
public sealed class FreshnessPanel : PanelDefinition<AppFreshness>
{
    public static readonly PanelKind Kind = new("Freshness", "freshness", "Data freshness");

    /// <summary>A pod's local database went late or stale, or a publisher stopped publishing.</summary>
    public static readonly TimelineKind Freshness = new(5, "Freshness");

    public override PanelKind Panel => Kind;

    public override string OptionsSection => FreshnessOptions.Section;

    public override string SnapshotCode => "freshness";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [Freshness];

    /// <summary>The pods of each app, to find their health pages.</summary>
    public override IReadOnlyList<WatchedResource> KubernetesResources => [Pods.PodsOnClusters.Pods];

    public static string AppHref(string cluster, string app) => $"panels/freshness/{Uri.EscapeDataString(cluster)}/{Uri.EscapeDataString(app)}";

    public override string DetailHref(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return AppHref(tile.Group, tile.Target);
    }

    public override IPanelChanges CreateChanges() => new PanelChanges<AppFreshness>(FreshnessChanges.Between);

    /// <summary>One source per configured app.</summary>
    public override int AddSources(PanelServices setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = setup.Services.AddValidatedOptions<FreshnessOptions, FreshnessOptionsValidator>(setup.Configuration, OptionsSection);
        for (var i = 0; i < options.Apps.Count; i++)
        {
            var index = i;
            setup.Services.AddPanelSource(sp => new HttpFreshnessSource(
                sp.GetRequiredService<IOptions<FreshnessOptions>>().Value.Apps[index],
                sp.GetService<KubernetesFleet>(),
                sp.GetRequiredService<TimeProvider>()));
        }

        return options.Apps.Count;
    }

    protected override RenderFragment TileFacts(AppFreshness snapshot) => FreshnessTileDetails.For(snapshot);

    protected override DemoSource<AppFreshness> Demo(DemoFleet fleet) => new DemoFreshnessSource(fleet);
}
