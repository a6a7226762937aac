using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Scaling;

/// <summary>Timeline rows for a cluster's HPAs: every scaling step ("mdn-prod/web scaled 6 → 20"), and scaling stopping or resuming.</summary>
public static class ScalingChanges
{
    public static IEnumerable<TimelineEvent> Between(ChangeContext context, ClusterScaling? before, ClusterScaling after)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(after);
        if (before is null)
        {
            yield break;
        }

        var previous = before.Autoscalers.ToDictionary(a => a.Key, StringComparer.Ordinal);
        foreach (var now in after.Autoscalers)
        {
            if (previous.GetValueOrDefault(now.Key) is not { } old)
            {
                continue;
            }

            if (old.CurrentReplicas != now.CurrentReplicas)
            {
                var at = context.Within(now.LastScaleTime ?? context.TakenAt);
                var up = now.CurrentReplicas > old.CurrentReplicas;
                var why = now.Driving is { } metric ? $" ({metric})" : "";
                var limit = now.AtMax ? ", its max" : now.CurrentReplicas <= now.MinReplicas ? ", its min" : "";
                yield return Row(context, now, $"scaled/{old.CurrentReplicas}-{now.CurrentReplicas}", at, now.AtMax ? TimelineSeverity.Warning : TimelineSeverity.Info,
                    up ? "scaled up" : "scaled down", $"{now.Key} scaled {old.CurrentReplicas} → {now.CurrentReplicas}{limit}{why}");
            }

            if (old.Stuck is null && now.Stuck is { } stuck)
            {
                yield return Row(context, now, $"stuck/{stuck.Type}", context.Within(stuck.Since ?? context.TakenAt), TimelineSeverity.Warning, $"{stuck.Type}=False",
                    $"{now.Key} cannot scale: {stuck.Type}=False ({stuck.Reason}){(stuck.Message is { Length: > 0 } m ? ": " + m : "")}");
            }
            else if (old.Stuck is { } was && now.Stuck is null)
            {
                yield return Row(context, now, $"unstuck/{was.Type}", context.TakenAt, TimelineSeverity.Info, $"{was.Type}=True", $"{now.Key} scales again");
            }
        }
    }

    private static TimelineEvent Row(ChangeContext context, Autoscaler hpa, string what, DateTimeOffset at, TimelineSeverity severity, string reason, string message) =>
        context.Row(ScalingPanel.Scaled, $"{hpa.Key}/{what}", at, severity, hpa.Namespace, $"HorizontalPodAutoscaler/{hpa.Name}", reason, message) with
        {
            Owner = $"{hpa.TargetKind}/{hpa.TargetName}",
        };
}
