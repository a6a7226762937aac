namespace OpsDashboard.Panels.Pods;

public enum WorkloadKind
{
    Deployment,
    StatefulSet,
    DaemonSet,
    ReplicaSet,
    Job,
    CronJob,
    Pod,
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

    public bool IsDegraded => NotReady > 0 || WaitingReason is not null || ProbeFailures > 0 || RestartsLastHour > 0;

    /// <summary>Ranks worst first: crash loops, then missing replicas, then probe failures and restarts.</summary>
    public int Badness =>
        (WaitingReason is not null ? 1_000_000 : 0) + (NotReady * 10_000) + (ProbeFailures * 10) + RestartsLastHour;

    /// <summary>One line a human can act on, e.g. "liveness probe failed 14× in 10 min: HTTP 503".</summary>
    public string? Why
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

            return parts.Count == 0 ? null : $"{Namespace}/{Name}: {string.Join("; ", parts)}";
        }
    }
}
