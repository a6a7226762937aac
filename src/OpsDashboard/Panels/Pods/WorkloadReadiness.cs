namespace OpsDashboard.Panels.Pods;

public enum WorkloadKind
{
    Deployment = 0,
    StatefulSet = 1,
    DaemonSet = 2,
    ReplicaSet = 3,
    Job = 4,
    CronJob = 5,
    Pod = 6,
}

/// <summary>Readiness of one workload's pods, with the reasons a human needs to act.</summary>
public sealed record WorkloadReadiness(
    string Namespace,
    WorkloadKind Kind,
    string Name,
    int Ready,
    int Desired,
    int RestartsLastHour,
    string? WaitingReason,
    string? LastTermination,
    int ProbeFailures,
    string? ProbeFailureMessage,
    TimeSpan ProbeFailureWindow,
    bool RolloutInProgress)
{
    public int NotReady => Math.Max(0, Desired - Ready);

    /// <summary>Crash looping or stuck waiting, or with none of its pods ready: what makes a pods tile CRITICAL.</summary>
    public bool IsCritical => WaitingReason is not null || (Desired > 0 && Ready == 0);

    public bool IsDegraded => NotReady > 0 || WaitingReason is not null || ProbeFailures > 0 || RestartsLastHour > 0;

    /// <summary>Ranks worst first: crash loops, then missing replicas, then probe failures and restarts.</summary>
    public int Badness =>
        (WaitingReason is not null ? 1_000_000 : 0) + (NotReady * 10_000) + (ProbeFailures * 10) + RestartsLastHour;

    /// <summary>One line a human can act on, naming the workload: "mdn-prod/web: liveness probe failed 14× in 10 min: HTTP 503".</summary>
    public string? Why => Reason is { } reason ? $"{Namespace}/{Name}: {reason}" : null;

    /// <summary>What is wrong with it, without its name (the table's row names it); null when all is well.</summary>
    public string? Reason
    {
        get
        {
            var parts = new List<string>();
            if (WaitingReason is not null)
            {
                parts.Add(LastTermination is null ? WaitingReason : $"{WaitingReason} (last exit: {LastTermination})");
            }

            if (ProbeFailures > 0)
            {
                parts.Add($"{ProbeFailureMessage ?? "probe failed"} {ProbeFailures}× in {Durations.Format(ProbeFailureWindow)}");
            }

            if (RestartsLastHour > 0 && WaitingReason is null)
            {
                parts.Add($"{RestartsLastHour} restart{(RestartsLastHour == 1 ? "" : "s")} in the last hour");
            }

            if (NotReady > 0 && parts.Count == 0)
            {
                parts.Add(RolloutInProgress ? $"rollout in progress, {NotReady} not ready" : $"{NotReady} of {Desired} not ready");
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }
}
