using System.Globalization;
using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Scaling;

/// <summary>Projects a V2HorizontalPodAutoscaler to the compact <see cref="Autoscaler"/> the scaling panel keeps.</summary>
public static class AutoscalerProjection
{
    public static Autoscaler From(V2HorizontalPodAutoscaler hpa, StringPool pool)
    {
        ArgumentNullException.ThrowIfNull(hpa);
        ArgumentNullException.ThrowIfNull(pool);
        var specs = hpa.Spec?.Metrics ?? [];
        var statuses = hpa.Status?.CurrentMetrics ?? [];
        var target = hpa.Spec?.ScaleTargetRef;
        return new Autoscaler(
            pool.Intern(hpa.Metadata.NamespaceProperty) ?? "",
            hpa.Metadata.Name,
            pool.Intern(target?.Kind) ?? "",
            pool.Intern(target?.Name) ?? "",
            hpa.Spec?.MinReplicas ?? 1,
            hpa.Spec?.MaxReplicas ?? 0,
            hpa.Status?.CurrentReplicas ?? 0,
            hpa.Status?.DesiredReplicas ?? 0,
            [.. specs.Select((spec, i) => Metric(spec, i < statuses.Count ? statuses[i] : null, pool))],
            [.. (hpa.Status?.Conditions ?? []).Select(c => new ScalingCondition(pool.Intern(c.Type)!, c.Status switch { "True" => true, "False" => false, _ => null }, pool.Intern(c.Reason), c.Message, Utc(c.LastTransitionTime)))],
            Utc(hpa.Status?.LastScaleTime));
    }

    /// <summary>A metric in kubectl's words: a resource by its name, a custom metric by its metric name; percentages for utilization.</summary>
    private static ScalingMetric Metric(V2MetricSpec spec, V2MetricStatus? status, StringPool pool) => spec.Type switch
    {
        "Resource" => Resource(pool.Intern(spec.Resource?.Name) ?? "resource", spec.Resource?.Target, status?.Resource?.Current),
        "ContainerResource" => Resource(pool.Intern(spec.ContainerResource?.Name) ?? "resource", spec.ContainerResource?.Target, status?.ContainerResource?.Current),
        "Pods" => Value(pool.Intern(spec.Pods?.Metric?.Name) ?? "pods", spec.Pods?.Target, status?.Pods?.Current),
        "Object" => Value(pool.Intern(spec.ObjectProperty?.Metric?.Name) ?? "object", spec.ObjectProperty?.Target, status?.ObjectProperty?.Current),
        "External" => Value(pool.Intern(spec.External?.Metric?.Name) ?? "external", spec.External?.Target, status?.External?.Current),
        _ => new ScalingMetric(pool.Intern(spec.Type) ?? "unknown", null, "<unknown type>", null),
    };

    private static ScalingMetric Resource(string name, V2MetricTarget? target, V2MetricValueStatus? current)
    {
        if (target?.AverageUtilization is { } wanted)
        {
            var used = current?.AverageUtilization;
            return new ScalingMetric(name, used is { } u ? Percent(u) : null, Percent(wanted), used is { } r && wanted > 0 ? (double)r / wanted : null);
        }

        return Value(name, target, current);
    }

    private static ScalingMetric Value(string name, V2MetricTarget? target, V2MetricValueStatus? current)
    {
        var (wanted, read) = target?.AverageValue is { } average ? (average, current?.AverageValue) : (target?.Value, current?.Value);
        var ratio = wanted is not null && read is not null && wanted.ToDecimal() != 0 ? (double)(read.ToDecimal() / wanted.ToDecimal()) : (double?)null;
        return new ScalingMetric(name, read?.ToString(), wanted?.ToString() ?? "<auto>", ratio);
    }

    private static string Percent(int value) => value.ToString(CultureInfo.InvariantCulture) + "%";

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
