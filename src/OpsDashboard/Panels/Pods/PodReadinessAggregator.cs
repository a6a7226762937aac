namespace OpsDashboard.Panels.Pods;

/// <summary>
/// Groups a cluster's pods by workload and says, worst first, how ready each is and why not. The same code serves
/// the Kubernetes source and the demo, so the panel behaves the same with both.
/// </summary>
public static class PodReadinessAggregator
{
    /// <summary>Probe failures are counted over this window ("liveness probe failed 14× in 10 min").</summary>
    public static readonly TimeSpan ProbeWindow = TimeSpan.FromMinutes(10);

    private static readonly string[] WaitingSeverity = ["CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "InvalidImageName", "CreateContainerError", "RunContainerError"];

    /// <summary>Waiting reasons of a container that will not start by itself, worst first (CrashLoopBackOff, ImagePullBackOff, …).</summary>
    public static IReadOnlyList<string> FailingWaitReasons => WaitingSeverity;

    public static ClusterPods Aggregate(string cluster, ClusterPodInputs inputs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var probeFailures = ProbeFailuresByWorkload(inputs, now);
        var workloads = new List<WorkloadReadiness>();

        foreach (var group in inputs.Pods.Where(p => !p.IsFinished || p.Owner.Kind is WorkloadKind.Job or WorkloadKind.CronJob).GroupBy(p => (p.Namespace, p.Owner)))
        {
            var (ns, owner) = group.Key;
            var live = group.Where(p => !p.IsFinished && !p.Terminating).ToList();
            var desired = inputs.Specs.TryGetValue((ns, owner.Kind, owner.Name), out var spec) ? spec.Desired : live.Count;
            var ready = live.Count(p => p.Ready);
            var waiting = live.Select(p => p.WaitingReason).Where(r => r is not null).OrderBy(r => Array.IndexOf(WaitingSeverity, r) is var i && i < 0 ? int.MaxValue : i).FirstOrDefault();
            var lastTermination = group.Where(p => p.LastTerminationReason is not null).OrderByDescending(p => p.LastTerminatedAt).FirstOrDefault()?.LastTerminationReason;
            probeFailures.TryGetValue((ns, owner), out var probes);
            workloads.Add(new WorkloadReadiness(
                ns,
                owner.Kind,
                owner.Name,
                ready,
                desired,
                group.Sum(inputs.RestartsInLastHour),
                waiting,
                lastTermination,
                probes.Count,
                probes.Message,
                ProbeWindow,
                RolloutInProgress: owner.Kind == WorkloadKind.Deployment && live.Select(p => p.Revision).Distinct().Count() > 1));
        }

        // Workloads that want pods but have none at all (all evicted, none schedulable) are the worst of all.
        var seen = workloads.Select(w => (w.Namespace, w.Kind, w.Name)).ToHashSet();
        foreach (var spec in inputs.Specs.Values.Where(s => s.Desired > 0 && !seen.Contains((s.Namespace, s.Kind, s.Name))))
        {
            workloads.Add(new WorkloadReadiness(spec.Namespace, spec.Kind, spec.Name, 0, spec.Desired, 0, null, null, 0, null, ProbeWindow, false));
        }

        return new ClusterPods(cluster, [.. workloads.OrderByDescending(w => w.Badness).ThenBy(w => w.Namespace, StringComparer.Ordinal).ThenBy(w => w.Name, StringComparer.Ordinal)])
        {
            Pods = [.. inputs.Pods],
            Events = [.. inputs.Events.OrderByDescending(e => e.LastSeen)],
        };
    }

    private static Dictionary<(string, WorkloadRef), (int Count, string? Message)> ProbeFailuresByWorkload(ClusterPodInputs inputs, DateTimeOffset now)
    {
        var result = new Dictionary<(string, WorkloadRef), (int Count, string? Message)>();
        foreach (var e in inputs.Events.Where(e => e.Reason == "Unhealthy" && e.InvolvedKind == "Pod" && now - e.LastSeen <= ProbeWindow).OrderBy(e => e.LastSeen))
        {
            if (!inputs.PodsByName.TryGetValue((e.Namespace, e.InvolvedName), out var pod))
            {
                continue;
            }

            var count = inputs.EventIncreasesSince(e, now - ProbeWindow);
            var key = (e.Namespace, pod.Owner);
            var previous = result.GetValueOrDefault(key);
            result[key] = (previous.Count + count, ProbeMessage.Summarize(e.Message));
        }

        return result;
    }
}

/// <summary>What the aggregator reads: pods, workload specs, warning events, and the ledgers that turn counters into rates.</summary>
public sealed record ClusterPodInputs(
    IReadOnlyCollection<PodInfo> Pods,
    IReadOnlyDictionary<(string Namespace, string Name), PodInfo> PodsByName,
    IReadOnlyDictionary<(string Namespace, WorkloadKind Kind, string Name), WorkloadSpec> Specs,
    IReadOnlyCollection<WarningEvent> Events,
    Func<PodInfo, int> RestartsInLastHour,
    Func<WarningEvent, DateTimeOffset, int> EventIncreasesSince);
