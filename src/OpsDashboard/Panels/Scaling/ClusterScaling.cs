using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Scaling;

/// <summary>
/// The HorizontalPodAutoscalers of one cluster at one moment. WARNING when one has been held at its maximum for
/// <see cref="WarnAtMaxAfter"/> (it would scale further if it could: the load outgrows the ceiling), or cannot scale at all.
/// </summary>
public sealed record ClusterScaling(string Cluster, IReadOnlyList<Autoscaler> Autoscalers, DateTimeOffset ObservedAt, TimeSpan WarnAtMaxAfter) : PanelSnapshot
{
    public IReadOnlyList<Autoscaler> AtMax => [.. Autoscalers.Where(a => a.AtMax).OrderBy(a => a.AtMaxSince ?? ObservedAt)];

    /// <summary>At the maximum for at least <see cref="WarnAtMaxAfter"/>, longest first.</summary>
    public IReadOnlyList<Autoscaler> HeldAtMax => [.. AtMax.Where(a => AtMaxFor(a) >= WarnAtMaxAfter)];

    public IReadOnlyList<Autoscaler> Stuck => [.. Autoscalers.Where(a => a.Stuck is not null)];

    public int Replicas => Autoscalers.Sum(a => a.CurrentReplicas);

    /// <summary>How long it has been at its maximum; zero when it is not.</summary>
    public TimeSpan AtMaxFor(Autoscaler autoscaler)
    {
        ArgumentNullException.ThrowIfNull(autoscaler);
        return autoscaler.AtMaxSince is { } since && ObservedAt > since ? ObservedAt - since : TimeSpan.Zero;
    }

    public override DataHealth Health => HeldAtMax.Count > 0 || Stuck.Count > 0 ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => (AtMax, Autoscalers) switch
    {
        ([var first, ..], _) => $"{first.Key} {first.CurrentReplicas}/{first.MaxReplicas} at max",
        (_, []) => "no autoscalers",
        (_, [_]) => "1 HPA, not at max",
        _ => $"{Autoscalers.Count} HPAs, none at max",
    };

    public override string? Why
    {
        get
        {
            var parts = new List<string>();
            if (HeldAtMax is [var held, ..])
            {
                var driving = held.Driving is { } metric ? $" ({metric})" : "";
                var more = HeldAtMax.Count > 1 ? $", and {HeldAtMax.Count - 1} more" : "";
                parts.Add($"{held.Key} at its max of {held.MaxReplicas} for {Durations.Format(AtMaxFor(held))}{driving}{more}");
            }

            if (Stuck is [var stuck, ..] && stuck.Stuck is { } condition)
            {
                var more = Stuck.Count > 1 ? $", and {Stuck.Count - 1} more" : "";
                parts.Add($"{stuck.Key} {condition.Type}=False ({condition.Reason}){more}");
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("hpa_total", Autoscalers.Count),
        new("hpa_at_max", AtMax.Count),
        new("hpa_stuck", Stuck.Count),
        new("hpa_replicas", Replicas),
    ];
}
