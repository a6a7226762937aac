using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>Feeds the RDS import panel: one <see cref="ImportProgress"/> per configured import, target = import name.</summary>
public interface IImportProgressSource : IPanelSource<ImportProgress>;
