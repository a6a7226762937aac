namespace OpsDashboard.Panels.Pods;

/// <summary>The workloads table's filters: namespace, only those needing attention, and a name search. Keeps the worst-first order.</summary>
public static class WorkloadFilter
{
    public static List<WorkloadReadiness> Apply(IEnumerable<WorkloadReadiness> workloads, string? ns, bool attentionOnly, string? search)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        return
        [
            .. workloads.Where(w => string.IsNullOrEmpty(ns) || w.Namespace == ns)
                .Where(w => !attentionOnly || w.NeedsAttention)
                .Where(w => string.IsNullOrWhiteSpace(search) || w.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase)),
        ];
    }
}
