using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Cdn;

/// <summary>Feeds the CDN panel: one <see cref="CdnHitRatio"/> per distribution, target = distribution id.</summary>
public interface ICdnSource : IPanelSource<CdnHitRatio>;
