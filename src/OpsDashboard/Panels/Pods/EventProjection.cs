using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Pods;

/// <summary>Projects a core/v1 Warning event; handles both the old (count/lastTimestamp) and new (series/eventTime) shapes.</summary>
public static class EventProjection
{
    public static WarningEvent From(Corev1Event e, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(pool);
        var first = Utc(e.FirstTimestamp) ?? Utc(e.EventTime) ?? Utc(e.Metadata.CreationTimestamp) ?? DateTimeOffset.MinValue;
        var last = Utc(e.Series?.LastObservedTime) ?? Utc(e.LastTimestamp) ?? Utc(e.EventTime) ?? first;
        var count = e.Series?.Count ?? e.Count ?? 1;
        return new WarningEvent(
            e.Metadata.Uid ?? $"{e.Metadata.NamespaceProperty}/{e.Metadata.Name}",
            pool.Intern(e.InvolvedObject?.NamespaceProperty ?? e.Metadata.NamespaceProperty) ?? "",
            pool.Intern(e.InvolvedObject?.Kind) ?? "",
            e.InvolvedObject?.Name ?? "",
            pool.Intern(e.Reason) ?? "",
            e.Message ?? "",
            count,
            first,
            last);
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
