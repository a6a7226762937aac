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
}
