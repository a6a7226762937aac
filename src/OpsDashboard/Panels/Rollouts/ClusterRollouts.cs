using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>The rollouts of one cluster: those in progress or stalled, and those finished within the hour, worst first.</summary>
public sealed record ClusterRollouts(string Cluster, int Workloads, IReadOnlyList<RolloutProgress> Rollouts, DateTimeOffset ObservedAt) : PanelSnapshot
{
    public int InProgress => Rollouts.Count(r => r.InProgress);

    public int Stalled => Rollouts.Count(r => r.IsStalled);

    public int FinishedLastHour => Rollouts.Count(r => r.Phase == RolloutPhase.Complete);

    public override DataHealth Health =>
        Rollouts.Any(r => r.Phase == RolloutPhase.Stalled) ? DataHealth.Critical
        : Rollouts.Any(r => r.Phase == RolloutPhase.Failing) ? DataHealth.Warning
        : DataHealth.Ok;

    public override string Headline =>
        Stalled > 0 ? $"{Stalled} stalled"
        : InProgress > 0 ? $"{InProgress} rolling out"
        : $"{Workloads} rolled out";

    /// <summary>The worst rollout in progress: "bedrock-prod/bedrock-web 3/10 updated, 2 unavailable: ImagePullBackOff on 3 new pods".</summary>
    public override string? Why => Rollouts.FirstOrDefault(r => r.IsStalled)?.Why;

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("rollouts_in_progress", InProgress),
        new("rollouts_stalled", Stalled),
        new("rollouts_finished_hour", FinishedLastHour),
    ];

    /// <summary>Stalled first, then failing, paused, progressing, then the finished, newest first; by name within.</summary>
    public static IReadOnlyList<RolloutProgress> Order(IEnumerable<RolloutProgress> rollouts) =>
    [
        .. rollouts.OrderByDescending(r => r.Phase switch
            {
                RolloutPhase.Stalled => 4,
                RolloutPhase.Failing => 3,
                RolloutPhase.Progressing => 2,
                RolloutPhase.Paused => 1,
                _ => 0,
            })
            .ThenByDescending(r => r.FinishedAt)
            .ThenBy(r => r.Namespace, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal),
    ];
}
