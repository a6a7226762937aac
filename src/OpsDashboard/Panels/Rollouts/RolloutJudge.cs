namespace OpsDashboard.Panels.Rollouts;

/// <summary>
/// Turns kubectl's verdict on a workload, the failing pods of its new revision and when it finished into what the tile
/// lists: stalled, failing, paused, progressing, or finished within the hour; nothing for a workload long rolled out or
/// one kubectl cannot judge (OnDelete).
/// </summary>
public static class RolloutJudge
{
    public static readonly TimeSpan RecentlyFinished = TimeSpan.FromHours(1);

    public static RolloutProgress? Judge(WorkloadRollout w, FailingPods? failing, DateTimeOffset? finishedAt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(w);
        var verdict = RolloutStatus.Of(w);
        RolloutPhase? phase = verdict.Outcome switch
        {
            RolloutOutcome.Failed when w.Progressing?.Reason == RolloutStatus.ProgressDeadlineExceeded => RolloutPhase.Stalled,
            RolloutOutcome.Failed => null,
            RolloutOutcome.InProgress when failing is not null => RolloutPhase.Failing,
            RolloutOutcome.InProgress when w.Paused => RolloutPhase.Paused,
            RolloutOutcome.InProgress => RolloutPhase.Progressing,
            _ when finishedAt is { } at && now - at <= RecentlyFinished => RolloutPhase.Complete,
            _ => null,
        };
        return phase is { } p
            ? new RolloutProgress(w.Namespace, w.Kind, w.Name, p, verdict.Message, w.Desired, w.Updated, w.Available, w.Unavailable, w.Images, w.Revision,
                p == RolloutPhase.Complete ? null : failing, p == RolloutPhase.Complete ? finishedAt : null)
            : null;
    }
}
