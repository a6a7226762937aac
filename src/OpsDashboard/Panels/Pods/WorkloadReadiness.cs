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

    /// <summary>Not ready now: replicas missing or not ready, or a container waiting (crash loop, image pull).</summary>
    public bool IsDegraded => NotReady > 0 || WaitingReason is not null;

    /// <summary>Ready now, after restarts within the hour: history worth a look, not an outage.</summary>
    public bool RestartedRecently => !IsDegraded && RestartsLastHour > 0;

    /// <summary>Worth a look: degraded now, failing probes in the last minutes, or restarted within the hour.</summary>
    public bool NeedsAttention => IsDegraded || ProbeFailures > 0 || RestartsLastHour > 0;

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
                var restarts = $"{Counted.Of(RestartsLastHour, "restart")} in the last hour";
                parts.Add(RestartedRecently && ProbeFailures == 0 ? $"{restarts}, all ready now" : restarts);
            }

            if (NotReady > 0 && parts.Count == 0)
            {
                parts.Add(RolloutInProgress ? $"rollout in progress, {NotReady} not ready" : $"{NotReady} of {Desired} not ready");
            }

            return parts.Count == 0 ? null : string.Join("; ", parts);
        }
    }
}
