using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>Feeds the data freshness panel: one <see cref="AppFreshness"/> per app and cluster, target = app name.</summary>
public interface IFreshnessSource : IPanelSource<AppFreshness>;
