using Microsoft.AspNetCore.Components;
using OpsDashboard.Components.Live;
using OpsDashboard.Panels;

namespace OpsDashboard.Timeline;

/// <summary>
/// Base of the timeline and graph pages: the view is read from the address on every navigation, and every change of
/// range or filter is a navigation, so the address always says what is on screen.
/// </summary>
public abstract class TriagePage : LiveComponent
{
    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "range")]
    public string? RangeValue { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromValue { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToValue { get; set; }

    [SupplyParameterFromQuery(Name = "cluster")]
    public string? ClusterValue { get; set; }

    [SupplyParameterFromQuery(Name = "namespace")]
    public string? NamespaceValue { get; set; }

    [SupplyParameterFromQuery(Name = "object")]
    public string? ObjectValue { get; set; }

    [SupplyParameterFromQuery(Name = "panel")]
    public string? PanelValue { get; set; }

    [SupplyParameterFromQuery(Name = "severity")]
    public string? SeverityValue { get; set; }

    [SupplyParameterFromQuery(Name = "at")]
    public string? AtValue { get; set; }

    protected TriageQuery Query { get; private set; } = new();

    protected IReadOnlyList<string> QueryErrors { get; private set; } = [];

    /// <summary>Clusters to offer: every group with a tile, and the one asked for even if it has none now.</summary>
    protected IReadOnlyList<string> Clusters =>
        [.. View.Tiles.Keys.Select(k => k.Group).Append(Query.Cluster).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Namespaces to offer: those of the pods panel's workloads (of the chosen cluster), and the one asked for.</summary>
    protected IReadOnlyList<string> Namespaces =>
    [
        .. View.Tiles.Values.Where(t => t.Snapshot is not null && (Query.Cluster is null || t.Key.Group == Query.Cluster))
            .SelectMany(t => DashboardPanels.Of(t.Key.Panel)?.Namespaces(t.Snapshot!) ?? []).Append(Query.Namespace).OfType<string>().Distinct().Order(StringComparer.Ordinal),
    ];

    protected override void OnParametersSet() => (Query, QueryErrors) = TriageQuery.Parse(new Dictionary<string, string?>
    {
        ["range"] = RangeValue,
        ["from"] = FromValue,
        ["to"] = ToValue,
        ["cluster"] = ClusterValue,
        ["namespace"] = NamespaceValue,
        ["object"] = ObjectValue,
        ["panel"] = PanelValue,
        ["severity"] = SeverityValue,
        ["at"] = AtValue,
    });

    protected void Show(string page, TriageQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        Navigation.NavigateTo(page + query.ToQueryString());
    }
}
