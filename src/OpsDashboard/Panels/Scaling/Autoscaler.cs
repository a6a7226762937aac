namespace OpsDashboard.Panels.Scaling;

/// <summary>
/// One metric an HPA scales on, as <c>kubectl get hpa</c> prints it: "cpu", current "92%", target "70%". The ratio of
/// current to target is how hard it pushes (the HPA follows the metric that pushes hardest); null while unread.
/// </summary>
public sealed record ScalingMetric(string Name, string? Current, string Target, double? Ratio)
{
    public override string ToString() => $"{Name} {Current ?? "<unknown>"}/{Target}";
}

/// <summary>One of an HPA's conditions (AbleToScale, ScalingActive, ScalingLimited): its status, why and since when.</summary>
public sealed record ScalingCondition(string Type, bool? Status, string? Reason, string? Message, DateTimeOffset? Since);

/// <summary>
/// The dozen fields of a HorizontalPodAutoscaler the scaling panel shows, projected at the edge; never the whole object.
/// </summary>
public sealed record Autoscaler(
    string Namespace,
    string Name,
    string TargetKind,
    string TargetName,
    int MinReplicas,
    int MaxReplicas,
    int CurrentReplicas,
    int DesiredReplicas,
    IReadOnlyList<ScalingMetric> Metrics,
    IReadOnlyList<ScalingCondition> Conditions,
    DateTimeOffset? LastScaleTime)
{
    public const string AbleToScale = "AbleToScale";
    public const string ScalingActive = "ScalingActive";
    public const string ScalingLimited = "ScalingLimited";

    /// <summary>Since when it has run at its maximum, as the cluster's state worked it out; null below it.</summary>
    public DateTimeOffset? AtMaxSince { get; init; }

    /// <summary>"mdn-prod/web": how the team names an HPA, across namespaces.</summary>
    public string Key => $"{Namespace}/{Name}";

    public bool AtMax => MaxReplicas > 0 && CurrentReplicas >= MaxReplicas;

    /// <summary>The metric pushing hardest (the one the HPA follows), or the first while none is read.</summary>
    public ScalingMetric? Driving => Metrics.Where(m => m.Ratio is not null).MaxBy(m => m.Ratio) ?? (Metrics.Count > 0 ? Metrics[0] : null);

    public ScalingCondition? Condition(string type) => Conditions.FirstOrDefault(c => c.Type == type);

    /// <summary>
    /// What stops it scaling, when something does: ScalingActive=False (it cannot compute a replica count, e.g. no
    /// metrics) or AbleToScale=False (it cannot read or change its target's scale).
    /// </summary>
    public ScalingCondition? Stuck =>
        Condition(ScalingActive) is { Status: false } inactive ? inactive : Condition(AbleToScale) is { Status: false } unable ? unable : null;
}
