namespace OpsDashboard.Pipeline;

/// <summary>
/// Identifies one tile: a panel for one target (a cluster, an app in a cluster, an import, a distribution).
/// <paramref name="Group"/> is where the overview files it: the cluster name, or "AWS" for account-wide targets.
/// </summary>
public sealed record PanelKey(PanelKind Panel, string Group, string Target)
{
    public override string ToString() => $"{Panel}/{Group}/{Target}";
}
