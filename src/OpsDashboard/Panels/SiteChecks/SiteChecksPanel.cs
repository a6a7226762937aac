using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;
using OpsDashboard.TimeSeries;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>The site checks panel: one tile per group of public sites, from HTTP(S) checks made as their users make them.</summary>
public sealed class SiteChecksPanel : PanelDefinition<SiteGroupChecks>
{
    public static readonly PanelKind Kind = new("SiteChecks", "site-checks", "Site checks");

    /// <summary>A site down or recovered, its certificate nearing expiry, its error budget burning.</summary>
    public static readonly TimelineKind SiteCheck = new(7, "SiteCheck");

    /// <summary>Where the overview files the tiles: every group of sites under one heading.</summary>
    public const string OverviewGroup = "sites";

    public override PanelKind Panel => Kind;

    public override string OptionsSection => SiteChecksOptions.Section;

    public override string SnapshotCode => "site-checks";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [SiteCheck];

    public static string GroupHref(string group) => $"panels/site-checks/{Uri.EscapeDataString(group)}";

    public static string SiteHref(string group, string site) => $"{GroupHref(group)}/{Uri.EscapeDataString(site)}";

    public override string DetailHref(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return GroupHref(tile.Target);
    }

    public override string? RowHref(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.InvolvedObject is { } obj && obj.StartsWith("Site/", StringComparison.Ordinal) ? SiteHref(row.Tile.Target, obj["Site/".Length..]) : DetailHref(row.Tile);
    }

    public override IPanelChanges CreateChanges() => new PanelChanges<SiteGroupChecks>(SiteChecksChanges.Between);

    /// <summary>One source checking every configured site.</summary>
    public override int AddSources(PanelServices setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = setup.Services.AddValidatedOptions<SiteChecksOptions, SiteChecksOptionsValidator>(setup.Configuration, OptionsSection);
        if (options.Sites.Count == 0)
        {
            return 0;
        }

        if (setup.Prometheus.Url is not null && options.Sites.Any(s => s.Blackbox is not null))
        {
            setup.Services.AddPrometheusClient();
        }

        setup.Services.AddPanelSource(sp => new HttpSiteChecksSource(
            sp.GetRequiredService<IOptions<SiteChecksOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            blackbox: sp.GetService<PrometheusClient>() is { } prometheus ? new BlackboxSiteProber(prometheus, sp.GetRequiredService<TimeProvider>()) : null,
            counts: new History.SlotCountState(sp.GetService<History.HistoryDatabase>())));
        return 1;
    }

    protected override RenderFragment TileFacts(SiteGroupChecks snapshot) => SiteChecksTileDetails.For(snapshot);

    protected override DemoSource<SiteGroupChecks> Demo(DemoFleet fleet) => new DemoSiteChecksSource(fleet);
}
