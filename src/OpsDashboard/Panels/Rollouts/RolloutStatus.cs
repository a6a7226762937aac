using System.Globalization;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>What <c>kubectl rollout status</c> concludes: still rolling out, done, or an error (its exit code 1).</summary>
public enum RolloutOutcome
{
    InProgress = 0,
    Complete = 1,
    Failed = 2,
}

/// <summary>The verdict and kubectl's own sentence for it (without the trailing newline, errors without "error: ").</summary>
public sealed record RolloutVerdict(RolloutOutcome Outcome, string Message);

/// <summary>
/// The verdict of <c>kubectl rollout status</c> (kubectl's polymorphichelpers/rollout_status.go) for one workload, branch
/// for branch and in its words, so the tile and the team's kubectl never disagree. A pure function of the projection.
/// </summary>
public static class RolloutStatus
{
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";

    private static readonly RolloutVerdict NotRollingUpdate = new(RolloutOutcome.Failed, "rollout status is only available for RollingUpdate strategy type");

    public static RolloutVerdict Of(WorkloadRollout w)
    {
        ArgumentNullException.ThrowIfNull(w);
        return w.Kind switch
        {
            WorkloadKind.Deployment => Deployment(w),
            WorkloadKind.StatefulSet => StatefulSet(w),
            WorkloadKind.DaemonSet => DaemonSet(w),
            _ => throw new ArgumentException($"no rollout status for a {w.Kind}", nameof(w)),
        };
    }

    private static RolloutVerdict Deployment(WorkloadRollout d)
    {
        if (d.Generation > d.ObservedGeneration)
        {
            return Waiting("Waiting for deployment spec update to be observed...");
        }

        if (d.Progressing?.Reason == ProgressDeadlineExceeded)
        {
            return new(RolloutOutcome.Failed, F($"deployment \"{d.Name}\" exceeded its progress deadline"));
        }

        if (d.SpecReplicas is { } replicas && d.Updated < replicas)
        {
            return Waiting(F($"Waiting for deployment \"{d.Name}\" rollout to finish: {d.Updated} out of {replicas} new replicas have been updated..."));
        }

        if (d.Replicas > d.Updated)
        {
            return Waiting(F($"Waiting for deployment \"{d.Name}\" rollout to finish: {d.Replicas - d.Updated} old replicas are pending termination..."));
        }

        if (d.Available < d.Updated)
        {
            return Waiting(F($"Waiting for deployment \"{d.Name}\" rollout to finish: {d.Available} of {d.Updated} updated replicas are available..."));
        }

        return new(RolloutOutcome.Complete, F($"deployment \"{d.Name}\" successfully rolled out"));
    }

    private static RolloutVerdict StatefulSet(WorkloadRollout s)
    {
        if (s.Strategy != WorkloadRollout.RollingUpdate)
        {
            return NotRollingUpdate;
        }

        if (s.ObservedGeneration == 0 || s.Generation > s.ObservedGeneration)
        {
            return Waiting("Waiting for statefulset spec update to be observed...");
        }

        if (s.SpecReplicas is { } replicas && s.Ready < replicas)
        {
            return Waiting(F($"Waiting for {replicas - s.Ready} pods to be ready..."));
        }

        // As kubectl does: with rollingUpdate set (the API server always sets it) only the partition is judged.
        if (s.RollingUpdateSet)
        {
            if (s.SpecReplicas is { } wanted && s.Partition is { } partition && s.Updated < wanted - partition)
            {
                return Waiting(F($"Waiting for partitioned roll out to finish: {s.Updated} out of {wanted - partition} new pods have been updated..."));
            }

            return new(RolloutOutcome.Complete, F($"partitioned roll out complete: {s.Updated} new pods have been updated..."));
        }

        if (s.UpdateRevision != s.CurrentRevision)
        {
            return Waiting(F($"waiting for statefulset rolling update to complete {s.Updated} pods at revision {s.UpdateRevision}..."));
        }

        return new(RolloutOutcome.Complete, F($"statefulset rolling update complete {s.Replicas} pods at revision {s.CurrentRevision}..."));
    }

    private static RolloutVerdict DaemonSet(WorkloadRollout d)
    {
        if (d.Strategy != WorkloadRollout.RollingUpdate)
        {
            return NotRollingUpdate;
        }

        if (d.Generation > d.ObservedGeneration)
        {
            return Waiting("Waiting for daemon set spec update to be observed...");
        }

        if (d.Updated < d.Desired)
        {
            return Waiting(F($"Waiting for daemon set \"{d.Name}\" rollout to finish: {d.Updated} out of {d.Desired} new pods have been updated..."));
        }

        if (d.Available < d.Desired)
        {
            return Waiting(F($"Waiting for daemon set \"{d.Name}\" rollout to finish: {d.Available} of {d.Desired} updated pods are available..."));
        }

        return new(RolloutOutcome.Complete, F($"daemon set \"{d.Name}\" successfully rolled out"));
    }

    private static RolloutVerdict Waiting(string message) => new(RolloutOutcome.InProgress, message);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
