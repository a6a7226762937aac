using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>
/// When each rollout finished. A Deployment says so itself (its Progressing condition turns NewReplicaSetAvailable at
/// that moment); a StatefulSet or DaemonSet does not, so the moment it was first seen complete after being seen in
/// progress is kept here, per cluster (lost on restart: such a rollout is then simply not listed as finished).
/// </summary>
public sealed class RolloutFinishLedger
{
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";

    private HashSet<(string, WorkloadKind, string)> _inProgress = [];
    private readonly Dictionary<(string, WorkloadKind, string), DateTimeOffset> _finished = [];

    /// <summary>Takes in the workloads as they are at <paramref name="now"/>; returns when each finished, where known.</summary>
    public Func<WorkloadRollout, DateTimeOffset?> Observe(IReadOnlyCollection<WorkloadRollout> workloads, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(workloads);
        var inProgress = new HashSet<(string, WorkloadKind, string)>();
        foreach (var w in workloads)
        {
            var key = (w.Namespace, w.Kind, w.Name);
            switch (RolloutStatus.Of(w).Outcome)
            {
                case RolloutOutcome.InProgress:
                    inProgress.Add(key);
                    _finished.Remove(key);
                    break;
                case RolloutOutcome.Complete when _inProgress.Contains(key):
                    _finished[key] = now;
                    break;
            }
        }

        _inProgress = inProgress;
        foreach (var old in _finished.Where(f => now - f.Value > RolloutJudge.RecentlyFinished).Select(f => f.Key).ToList())
        {
            _finished.Remove(old);
        }

        return w => w.Progressing is { Reason: NewReplicaSetAvailable, LastUpdate: { } at }
            ? at
            : _finished.TryGetValue((w.Namespace, w.Kind, w.Name), out var seen) ? seen : null;
    }
}
