using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;
using OpsDashboard.TimeSeries;
using OpsDashboard.TimeSeries.CloudWatch;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>The RDS import panel: one tile per import, from the target MySQL and the instance's CloudWatch metrics.</summary>
public sealed class RdsImportPanel : PanelDefinition<ImportProgress>
{
    public static readonly PanelKind Kind = new("RdsImport", "rds-import", "RDS import");

    /// <summary>An import milestone (table loaded, half done, finished) or stall.</summary>
    public static readonly TimelineKind Import = new(4, "Import");

    public override PanelKind Panel => Kind;

    public override string OptionsSection => ImportOptions.Section;

    public override string SnapshotCode => "rds-import";

    public override IReadOnlyList<TimelineKind> TimelineKinds => [Import];

    public override IReadOnlyList<PanelCommand> Commands { get; } = [new(ManifestCommand.Name, ManifestCommand.RunAsync)];

    public static string ImportHref(string import) => $"panels/rds-import/{Uri.EscapeDataString(import)}";

    public override string DetailHref(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return ImportHref(tile.Target);
    }

    public override IPanelChanges CreateChanges() => new PanelChanges<ImportProgress>(ImportChanges.Between);

    /// <summary>One source per configured import; the shared CloudWatch refresh when any names its instance.</summary>
    public override int AddSources(PanelServices setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = setup.Services.AddValidatedOptions<ImportOptions, ImportOptionsValidator>(setup.Configuration, OptionsSection);
        for (var i = 0; i < options.Imports.Count; i++)
        {
            var index = i;
            setup.Services.AddPanelSource(sp => new MySqlImportProgressSource(
                sp.GetRequiredService<IOptions<ImportOptions>>().Value.Imports[index], sp.GetRequiredService<TimeProvider>(), sp.GetService<CloudWatchRefresh>()));
        }

        if (options.Imports.Any(i => !string.IsNullOrEmpty(i.DbInstanceIdentifier)))
        {
            setup.Services.AddSingleton<ICloudWatchDemand>(sp => new RdsInstanceMetrics.Demand(sp.GetRequiredService<IOptions<ImportOptions>>().Value));
            setup.Services.AddCloudWatchRefresh();
        }

        return options.Imports.Count;
    }

    protected override RenderFragment TileFacts(ImportProgress snapshot) => ImportTileDetails.For(snapshot);

    protected override DemoSource<ImportProgress> Demo(DemoFleet fleet) => new DemoImportProgressSource(fleet);
}
