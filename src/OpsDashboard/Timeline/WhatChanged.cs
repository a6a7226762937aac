using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>
/// The first question of an incident, "what changed?": the last change made to the incident's cluster before it (a
/// deploy, from the panels' <see cref="Panels.DashboardPanels.ChangeKinds"/>), said in one line
/// ("bedrock-web rolled out abc → def 6 min earlier in frankfurt").
/// </summary>
public static class WhatChanged
{
    /// <summary>How far back a change still counts as what came before an incident.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(1);

    /// <summary>At most this many change rows are read for one view.</summary>
    public const int MaxChanges = 500;

    /// <summary>An episode a tile spent CRITICAL or ERROR: the start of its state row.</summary>
    public static bool IsIncident(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Kind == TimelineKind.TileState && row.State is TileStatus.Critical or TileStatus.Error;
    }

    /// <summary>
    /// The newest change in the incident's cluster at or before its start and within <see cref="Lookback"/>; null when
    /// there is none. A change's own consequences are warnings (a stalled rollout): only info rows are changes made.
    /// </summary>
    public static TimelineEvent? LastBefore(TimelineEvent incident, IReadOnlyList<TimelineEvent> changes)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(changes);
        TimelineEvent? last = null;
        foreach (var change in changes)
        {
            if (change.Cluster == incident.Cluster && change.Severity == TimelineSeverity.Info && change.At <= incident.At && change.At >= incident.At - Lookback
                && (last is null || change.At > last.At || (change.At == last.At && change.Id > last.Id)))
            {
                last = change;
            }
        }

        return last;
    }

    /// <summary>"bedrock-web rolled out abc → def 6 min earlier in frankfurt"; null for a row that is not an incident or has no change before it.</summary>
    public static string? Sentence(TimelineEvent incident, IReadOnlyList<TimelineEvent> changes) =>
        IsIncident(incident) && LastBefore(incident, changes) is { } change
            ? $"{change.Message} {(incident.At - change.At < TimeSpan.FromMinutes(1) ? "just before" : $"{Durations.Format(incident.At - change.At)} earlier")} in {change.Cluster}"
            : null;
}
