namespace OpsDashboard.Pipeline;

/// <summary>The five panels of the dashboard. The order is the order tiles take within a group.</summary>
public enum PanelKind
{
    Nodes,
    Pods,
    Freshness,
    RdsImport,
    Cdn,
}

public static class PanelKindNames
{
    public static string Title(this PanelKind panel) => panel switch
    {
        PanelKind.Nodes => "Nodes",
        PanelKind.Pods => "Pod readiness",
        PanelKind.Freshness => "Data freshness",
        PanelKind.RdsImport => "RDS import",
        PanelKind.Cdn => "CDN hit ratio",
        _ => panel.ToString(),
    };

    /// <summary>The panel's name in addresses: <c>/panels/rds-import</c>, <c>/timeline?panel=rds-import</c>.</summary>
    public static string Slug(this PanelKind panel) => panel switch
    {
        PanelKind.RdsImport => "rds-import",
        _ => panel.ToString().ToLowerInvariant(),
    };

    public static PanelKind? FromSlug(string? slug) =>
        Enum.GetValues<PanelKind>().Cast<PanelKind?>().FirstOrDefault(p => string.Equals(p!.Value.Slug(), slug, StringComparison.OrdinalIgnoreCase));
}
