using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>Feeds the site checks panel: one <see cref="SiteGroupChecks"/> per group of sites, group "sites", target = the group's name.</summary>
public interface ISiteChecksSource : IPanelSource<SiteGroupChecks>;
