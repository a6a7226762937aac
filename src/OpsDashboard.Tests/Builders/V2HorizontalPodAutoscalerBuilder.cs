using k8s.Models;

namespace OpsDashboard.Tests.Builders;

/// <summary>
/// HorizontalPodAutoscalers as the controller leaves them (spec, current metrics, the three conditions):
/// <c>new V2HorizontalPodAutoscalerBuilder("web", "mdn-prod").Between(6, 20).Cpu(92, 70).Replicas(20).Build()</c>.
/// </summary>
public sealed class V2HorizontalPodAutoscalerBuilder(string name, string @namespace = "default")
{
    private static readonly DateTime Created = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
    private readonly List<(V2MetricSpec Spec, V2MetricStatus? Status)> _metrics = [];
    private readonly Dictionary<string, V2HorizontalPodAutoscalerCondition> _conditions = [];
    private (string Kind, string Name) _target = ("Deployment", name);
    private int? _min = 1;
    private int _max = 10;
    private int _current = 1;
    private int? _desired;
    private DateTime? _lastScale;

    public V2HorizontalPodAutoscalerBuilder Scaling(string kind, string target)
    {
        _target = (kind, target);
        return this;
    }

    public V2HorizontalPodAutoscalerBuilder Between(int? min, int max)
    {
        (_min, _max) = (min, max);
        return this;
    }

    /// <summary>Current replicas and, when it differs, what the controller wants next.</summary>
    public V2HorizontalPodAutoscalerBuilder Replicas(int current, int? desired = null, DateTime? lastScale = null)
    {
        (_current, _desired, _lastScale) = (current, desired, lastScale);
        return this;
    }

    /// <summary>Average CPU utilization against a target percentage; a null current is a metric not read yet.</summary>
    public V2HorizontalPodAutoscalerBuilder Cpu(int? current, int target) => Utilization("cpu", current, target);

    public V2HorizontalPodAutoscalerBuilder Utilization(string resource, int? current, int target)
    {
        _metrics.Add((
            new V2MetricSpec { Type = "Resource", Resource = new V2ResourceMetricSource { Name = resource, Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = target } } },
            current is null ? null : new V2MetricStatus { Type = "Resource", Resource = new V2ResourceMetricStatus { Name = resource, Current = new V2MetricValueStatus { AverageUtilization = current } } }));
        return this;
    }

    /// <summary>A per-pod custom metric (requests per second) against an average value.</summary>
    public V2HorizontalPodAutoscalerBuilder PodsMetric(string metric, string? current, string target)
    {
        _metrics.Add((
            new V2MetricSpec { Type = "Pods", Pods = new V2PodsMetricSource { Metric = new V2MetricIdentifier { Name = metric }, Target = new V2MetricTarget { Type = "AverageValue", AverageValue = new ResourceQuantity(target) } } },
            current is null ? null : new V2MetricStatus { Type = "Pods", Pods = new V2PodsMetricStatus { Metric = new V2MetricIdentifier { Name = metric }, Current = new V2MetricValueStatus { AverageValue = new ResourceQuantity(current) } } }));
        return this;
    }

    public V2HorizontalPodAutoscalerBuilder Condition(string type, bool status, string reason, string message = "", DateTime? since = null)
    {
        _conditions[type] = new V2HorizontalPodAutoscalerCondition { Type = type, Status = status ? "True" : "False", Reason = reason, Message = message, LastTransitionTime = since ?? Created };
        return this;
    }

    /// <summary>Held at its maximum: ScalingLimited=True TooManyReplicas, as the controller says it.</summary>
    public V2HorizontalPodAutoscalerBuilder AtMax(DateTime? since = null) =>
        Condition("ScalingLimited", true, "TooManyReplicas", "the desired replica count is more than the maximum replica count", since);

    /// <summary>Cannot read its metric: ScalingActive=False FailedGetResourceMetric.</summary>
    public V2HorizontalPodAutoscalerBuilder MetricsUnavailable(DateTime? since = null) =>
        Condition("ScalingActive", false, "FailedGetResourceMetric", "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API", since);

    public V2HorizontalPodAutoscaler Build()
    {
        var conditions = new Dictionary<string, V2HorizontalPodAutoscalerCondition>
        {
            ["AbleToScale"] = new() { Type = "AbleToScale", Status = "True", Reason = "ReadyForNewScale", Message = "recommended size matches current size", LastTransitionTime = Created },
            ["ScalingActive"] = new() { Type = "ScalingActive", Status = "True", Reason = "ValidMetricFound", Message = "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", LastTransitionTime = Created },
            ["ScalingLimited"] = new() { Type = "ScalingLimited", Status = "False", Reason = "DesiredWithinRange", Message = "the desired count is within the acceptable range", LastTransitionTime = Created },
        };
        foreach (var (type, condition) in _conditions)
        {
            conditions[type] = condition;
        }

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, CreationTimestamp = Created, Uid = $"hpa-{@namespace}-{name}" },
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = _target.Kind, Name = _target.Name },
                MinReplicas = _min,
                MaxReplicas = _max,
                Metrics = [.. _metrics.Select(m => m.Spec)],
            },
            Status = new V2HorizontalPodAutoscalerStatus
            {
                CurrentReplicas = _current,
                DesiredReplicas = _desired ?? _current,
                LastScaleTime = _lastScale,
                CurrentMetrics = _metrics.Any(m => m.Status is not null) ? [.. _metrics.Select(m => m.Status ?? new V2MetricStatus { Type = m.Spec.Type })] : null,
                Conditions = [.. conditions.Values],
            },
        };
    }
}
