using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Freshness;

/// <summary>Timeline rows for an app's data freshness: a pod's DB going late or stale or out of reach and back, the publisher stopping.</summary>
public static class FreshnessChanges
{
    public static IEnumerable<TimelineEvent> Between(ChangeContext context, AppFreshness? before, AppFreshness after)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(after);
        var previous = before?.Pods.ToDictionary(p => p.Pod, StringComparer.Ordinal);
        foreach (var pod in after.Pods)
        {
            var old = previous?.GetValueOrDefault(pod.Pod);
            var was = old?.State ?? FreshnessState.Fresh;
            if (pod.State == was || (before is null && pod.State == FreshnessState.Late))
            {
                continue;
            }

            var (severity, at, message) = pod.State switch
            {
                FreshnessState.Fresh => (TimelineSeverity.Info, context.TakenAt, $"{pod.Pod} DB fresh again ({Age(pod)} old), was {was}"),
                FreshnessState.Late => (TimelineSeverity.Info, context.TakenAt, $"{pod.Pod} DB late: {Age(pod)} old"),
                FreshnessState.Stale => (TimelineSeverity.Warning, Crossed(context, pod, after.MaxAge), $"{pod.Pod} DB stale: {Age(pod)} old (max {Durations.Format(after.MaxAge)})"),
                FreshnessState.Unreachable => (TimelineSeverity.Warning, context.TakenAt, $"{pod.Pod} health page unreachable: {pod.Error}"),
                _ => (TimelineSeverity.Warning, context.TakenAt, $"{pod.Pod} health page not understood: {pod.Error}"),
            };
            yield return context.Row(FreshnessPanel.Freshness, $"{pod.Pod}/{pod.State}", at, severity, null, $"Pod/{pod.Pod}", pod.State.ToString(), message);
        }

        if (after.PublisherStalled != (before?.PublisherStalled ?? false))
        {
            var published = after.Published!;
            var last = published.UpdatedAt ?? published.FirstSeen;
            // Dated when it became overdue (twice the interval), so finding it again after a restart writes the same row.
            yield return after.PublisherStalled
                ? context.Row(FreshnessPanel.Freshness, "publisher-stalled", context.Within(last + (after.PublishInterval * 2)), TimelineSeverity.Warning, null, $"App/{after.App}", "publisher stalled",
                    $"{after.App}: no new DB published since {Durations.ClockTime(last, context.TakenAt)} (expected every {Durations.Format(after.PublishInterval)})")
                : context.Row(FreshnessPanel.Freshness, "publisher-resumed", context.TakenAt, TimelineSeverity.Info, null, $"App/{after.App}", "published", $"{after.App}: a new DB was published ({published.Checksum})");
        }
    }

    private static string Age(PodFreshness pod) => pod.DbAge is { } age ? Durations.Format(age) : "?";

    /// <summary>When the pod's DB passed <paramref name="limit"/>: its age now, counted back.</summary>
    private static DateTimeOffset Crossed(ChangeContext context, PodFreshness pod, TimeSpan limit) =>
        context.Within(pod.DbAge is { } age && age > limit ? context.TakenAt - (age - limit) : context.TakenAt);
}
