using System.Globalization;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>Where a workload's rollout stands on the tile. Values are pinned: snapshots carry them to other replicas.</summary>
public enum RolloutPhase
{
    /// <summary>Rolled out (kubectl: successfully rolled out); listed while it finished within the hour.</summary>
    Complete = 0,

    /// <summary>Still rolling out, nothing wrong seen yet.</summary>
    Progressing = 1,

    /// <summary>A Deployment paused mid-rollout (spec.paused): kubectl keeps waiting, nobody is stuck.</summary>
    Paused = 2,

    /// <summary>Pods of the new revision cannot start (ImagePullBackOff, CrashLoopBackOff): WARNING before the deadline.</summary>
    Failing = 3,

    /// <summary>Progressing=False, ProgressDeadlineExceeded: the controller gave up; kubectl exits with an error. CRITICAL.</summary>
    Stalled = 4,
}

/// <summary>Pods of a workload's new revision stuck waiting, and the worst reason among them.</summary>
public sealed record FailingPods(int Count, string Reason);

/// <summary>One workload's rollout as the tile shows it: its phase, kubectl's sentence, counts, images.</summary>
public sealed record RolloutProgress(
    string Namespace,
    WorkloadKind Kind,
    string Name,
    RolloutPhase Phase,
    string Verdict,
    int Desired,
    int Updated,
    int Available,
    int Unavailable,
    IReadOnlyList<string> Images,
    long Revision,
    FailingPods? Failing,
    DateTimeOffset? FinishedAt)
{
    /// <summary>The images of the revision it replaced, where known (a Deployment's previous ReplicaSet).</summary>
    public IReadOnlyList<string>? PreviousImages { get; init; }

    public bool InProgress => Phase != RolloutPhase.Complete;

    public bool IsStalled => Phase is RolloutPhase.Stalled or RolloutPhase.Failing;

    /// <summary>"bedrock-web 3/10 updated, 2 unavailable".</summary>
    public string Summary => Phase == RolloutPhase.Complete
        ? string.Create(CultureInfo.InvariantCulture, $"{Name} rolled out, {Updated}/{Desired} updated")
        : string.Create(CultureInfo.InvariantCulture, $"{Name} {Updated}/{Desired} updated{(Unavailable > 0 ? $", {Unavailable} unavailable" : "")}");

    /// <summary>What holds it, without its name: "progress deadline exceeded; ImagePullBackOff on 3 new pods"; null when nothing does.</summary>
    public string? Reason
    {
        get
        {
            var parts = new List<string>();
            if (Phase == RolloutPhase.Stalled)
            {
                parts.Add("progress deadline exceeded");
            }

            if (Failing is { } failing)
            {
                parts.Add($"{failing.Reason} on {Counted.Of(failing.Count, "new pod")}");
            }

            if (Phase == RolloutPhase.Paused)
            {
                parts.Add("paused");
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }

    /// <summary>One line naming the workload: "bedrock-prod/bedrock-web 3/10 updated, 2 unavailable: ImagePullBackOff on 3 new pods".</summary>
    public string Why => Reason is { } reason ? $"{Namespace}/{Summary}: {reason}" : $"{Namespace}/{Summary}";
}
