using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Nodes;

/// <summary>Projects a V1Node to the compact <see cref="NodeSummary"/> the nodes panel keeps.</summary>
public static class NodeProjection
{
    private static readonly string[] PressureTypes = ["MemoryPressure", "DiskPressure", "PIDPressure"];

    public static NodeSummary From(V1Node node, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(pool);
        var conditions = (node.Status?.Conditions ?? [])
            .Select(c => new NodeCondition(pool.Intern(c.Type)!, pool.Intern(c.Status)!, pool.Intern(c.Reason), c.Message, Utc(c.LastTransitionTime)))
            .ToList();
        var ready = conditions.FirstOrDefault(c => c.Type == "Ready");
        var readiness = ready?.Status switch
        {
            "True" => NodeReadiness.Ready,
            "False" => NodeReadiness.NotReady,
            _ => NodeReadiness.Unknown,
        };
        return new NodeSummary(
            node.Metadata.Name,
            readiness,
            ready?.Reason,
            ready?.LastTransition,
            node.Spec?.Unschedulable == true,
            [.. conditions.Where(c => PressureTypes.Contains(c.Type) && c.Status == "True").Select(c => c.Type)],
            pool.Intern(node.Status?.NodeInfo?.KubeletVersion) ?? "unknown",
            Utc(node.Metadata.CreationTimestamp) ?? DateTimeOffset.MinValue,
            Cpu(node.Status?.Allocatable),
            Cpu(node.Status?.Capacity),
            Memory(node.Status?.Allocatable),
            Memory(node.Status?.Capacity))
        {
            Conditions = conditions,
        };
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;

    private static double Cpu(IDictionary<string, ResourceQuantity>? resources) =>
        resources?.TryGetValue("cpu", out var q) == true ? (double)q.ToDecimal() : 0;

    private static long Memory(IDictionary<string, ResourceQuantity>? resources) =>
        resources?.TryGetValue("memory", out var q) == true ? (long)q.ToDecimal() : 0;
}
