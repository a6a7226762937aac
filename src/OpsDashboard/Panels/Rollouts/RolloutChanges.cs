using System.Globalization;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>Timeline rows for a cluster's rollouts: started, stalled, images changed (a rollback too), rolled out.</summary>
public static class RolloutChanges
{
    public static IEnumerable<TimelineEvent> Between(ChangeContext context, ClusterRollouts? before, ClusterRollouts after)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(after);
        var previous = before?.Rollouts.ToDictionary(r => (r.Namespace, r.Kind, r.Name));
        foreach (var r in after.Rollouts)
        {
            var old = previous?.GetValueOrDefault((r.Namespace, r.Kind, r.Name));
            var change = ImageTags.Change(r.PreviousImages ?? old?.PreviousImages, r.Images);
            if (r.Phase == RolloutPhase.Complete)
            {
                // Finished before the first snapshot: an earlier run saw it (a restart must not write it twice).
                if (previous is not null && old?.Phase != RolloutPhase.Complete && r.FinishedAt is { } finished)
                {
                    var what = change is null ? RevisionText(r, "rolled out") : $"rolled out {change}";
                    yield return Row(context, r, "finished", context.Within(finished), TimelineSeverity.Info, "rolled out", $"{r.Name} {what}");
                }

                continue;
            }

            // A rollout first seen in the first snapshot has no known start: only changes seen happening are rows.
            if (previous is null)
            {
                continue;
            }

            if (old is null || !old.InProgress)
            {
                var what = change is null ? RevisionText(r, "rolling out") : $"rolling out {change}";
                yield return Row(context, r, "started", context.TakenAt, TimelineSeverity.Info, "rollout started", $"{r.Name} {what}");
            }
            else if (!old.Images.SequenceEqual(r.Images, StringComparer.Ordinal))
            {
                var back = old.PreviousImages?.SequenceEqual(r.Images, StringComparer.Ordinal) == true;
                yield return Row(context, r, "image", context.TakenAt, TimelineSeverity.Info, back ? "rolled back" : "image",
                    $"{r.Name} {(back ? "rolled back" : "image")} {ImageTags.Change(old.Images, r.Images)}");
            }

            if (r.IsStalled && old?.Phase != r.Phase)
            {
                var severity = r.Phase == RolloutPhase.Stalled ? TimelineSeverity.Critical : TimelineSeverity.Warning;
                yield return Row(context, r, r.Phase == RolloutPhase.Stalled ? "deadline" : "failing", context.TakenAt, severity, "rollout stalled", $"{r.Name} stalled: {r.Updated}/{r.Desired} updated, {r.Unavailable} unavailable: {r.Reason}");
            }
        }
    }

    private static string RevisionText(RolloutProgress r, string verb) =>
        r.Revision > 0 ? string.Create(CultureInfo.InvariantCulture, $"{verb} revision {r.Revision}") : verb;

    private static TimelineEvent Row(ChangeContext context, RolloutProgress r, string what, DateTimeOffset at, TimelineSeverity severity, string reason, string message) =>
        context.Row(RolloutsPanel.Rollout, $"{r.Namespace}/{r.Kind}/{r.Name}/{what}/{r.Revision}", at, severity, r.Namespace, $"{r.Kind}/{r.Name}", reason, message) with
        {
            Owner = $"{r.Kind}/{r.Name}",
        };

    /// <summary>The usual next commands for a rollout: its status and history as kubectl tells them, and how to undo it.</summary>
    public static IReadOnlyList<string> Kubectl(string cluster, string ns, WorkloadKind kind, string name)
    {
        var target = $"{kind.ToString().ToLowerInvariant()}/{name}";
        var context = $"kubectl --context {cluster} -n {ns}";
        return [$"{context} rollout status {target} --watch=false", $"{context} rollout history {target}", $"{context} describe {target}", $"{context} rollout undo {target}"];
    }
}
