using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;
using OpsDashboard.TimeSeries;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Panels.Cdn;

/// <summary>The CDN panel: one tile per distribution, from CloudWatch (or PromQL) series.</summary>
public sealed class CdnPanel : PanelDefinition<CdnHitRatio>
{
    public static readonly PanelKind Kind = new("Cdn", "cdn", "CDN hit ratio");

    /// <summary>A CDN hit ratio drop or a burst of 5xx answers.</summary>
    public static readonly TimelineKind Cdn = new(6, "Cdn");

    public override PanelKind Panel => Kind;

    public override string OptionsSection => CdnOptions.Section;

    public override string SnapshotCode => "cdn";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [Cdn];

    public static string DistributionHref(string distribution) => $"panels/cdn/{Uri.EscapeDataString(distribution)}";

    public override string DetailHref(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return DistributionHref(tile.Target);
    }

    public override IPanelChanges CreateChanges() => new PanelChanges<CdnHitRatio>(CdnChanges.Between);

    /// <summary>The CDN source when distributions are configured, with the shared CloudWatch refresh and Prometheus where set.</summary>
    public override int AddSources(PanelServices setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = setup.Services.AddValidatedOptions<CdnOptions, CdnOptionsValidator>(setup.Configuration, OptionsSection);
        if (options.Distributions.Count == 0)
        {
            return 0;
        }

        setup.Services.AddSingleton<ICloudWatchDemand>(sp => new CdnSeriesPlan.Demand(sp.GetRequiredService<IOptions<CdnOptions>>().Value));
        setup.Services.AddCloudWatchRefresh();
        if (setup.Prometheus.Url is not null)
        {
            setup.Services.AddPrometheusClient();
        }

        setup.Services.AddPanelSource(sp => new CloudWatchCdnSource(
            sp.GetRequiredService<IOptions<CdnOptions>>().Value,
            sp.GetRequiredService<CloudWatchRefresh>(),
            sp.GetService<PrometheusClient>(),
            sp.GetRequiredService<TimeProvider>()));
        return 1;
    }

    protected override RenderFragment TileFacts(CdnHitRatio snapshot) => CdnTileDetails.For(snapshot);

    protected override DemoSource<CdnHitRatio> Demo(DemoFleet fleet) => new DemoCdnSource(fleet);
}
