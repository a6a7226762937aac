using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Panels.Scaling;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels;

/// <summary>
/// The list of panels, written once: adding a panel is its folder under <c>Panels/</c> and one line here. The order is
/// the order tiles take within a group, and of the menu.
/// </summary>
public static class DashboardPanels
{
    public static readonly IReadOnlyList<PanelDefinition> All =
    [
        new NodesPanel(),
        new PodsPanel(),
        new RolloutsPanel(),
        new ScalingPanel(),
        new FreshnessPanel(),
        new RdsImportPanel(),
        new CdnPanel(),
        new SiteChecksPanel(),
    ];

    /// <summary>Every resource the registered panels watch on each cluster, each once.</summary>
    public static IReadOnlyList<WatchedResource> KubernetesResources { get; } = [.. All.SelectMany(p => p.KubernetesResources).Distinct()];

    /// <summary>The timeline kinds whose rows are changes made to a cluster (<see cref="PanelDefinition.ChangeKinds"/>), of every panel.</summary>
    public static IReadOnlyList<TimelineKind> ChangeKinds { get; } = [.. All.SelectMany(p => p.ChangeKinds).Distinct()];

    /// <summary>The definition of a panel; null for a panel this version does not have (a row written by a newer one).</summary>
    public static PanelDefinition? Of(PanelKind panel) => All.FirstOrDefault(p => p.Panel == panel);

    public static PanelKind? FromSlug(string? slug) =>
        All.FirstOrDefault(p => string.Equals(p.Panel.Slug, slug, StringComparison.OrdinalIgnoreCase))?.Panel;

    /// <summary>
    /// The panel a stored code names (history, replicas); a code this version does not know keeps its code as its
    /// name, so rows of a newer version are still shown.
    /// </summary>
    public static PanelKind FromCode(string code) =>
        All.FirstOrDefault(p => string.Equals(p.Panel.Code, code, StringComparison.Ordinal))?.Panel ?? new PanelKind(code, code.ToLowerInvariant(), code);

    /// <summary>The timeline kind a stored code names: a panel's, or the tile states'; an unknown code keeps its number.</summary>
    public static TimelineKind TimelineKindOf(int code) =>
        TimelineKind.Shared.Concat(All.SelectMany(p => p.TimelineKinds)).FirstOrDefault(k => k.Code == code, new TimelineKind(code, $"Kind{code}"));

    /// <summary>The panel's place in <see cref="All"/>, for ordering tiles; unknown panels go last.</summary>
    public static int Order(this PanelKind panel) =>
        All.Select((p, i) => (p, i)).FirstOrDefault(x => x.p.Panel == panel, (null!, All.Count)).Item2;
}
