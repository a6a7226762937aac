using System.Globalization;
using OpsDashboard.History;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Reports;

/// <summary>
/// One episode of the week a tile spent CRITICAL or ERROR, from the timeline's state rows, clipped to the report's window:
/// "tokyo: Kubernetes API unreachable, 12 min, 00:32–00:44 UTC", linked to the timeline of that cluster and range.
/// </summary>
public sealed record ReportIncident(string Cluster, string What, DateTimeOffset Start, DateTimeOffset End, bool Ongoing)
{
    public TimeSpan Duration => End - Start;

    /// <summary>What changed last in its cluster before it, as the timeline says it ("bedrock-web rolled out abc → def 6 min earlier in frankfurt"); null when nothing did within <see cref="WhatChanged.Lookback"/>.</summary>
    public string? After { get; init; }

    /// <summary>/timeline fixed to this episode's range and cluster.</summary>
    public string TimelineHref => "/timeline" + new TriageQuery { Range = null, From = Start, To = End, Cluster = Cluster }.ToQueryString();
}

/// <summary>Compiles the week's incidents from the history's tile state rows (the same rows the timeline shows).</summary>
public static class ReportIncidents
{
    /// <summary>The episodes of <paramref name="tileStates"/> in the window, at least <paramref name="minimum"/> long; <paramref name="demo"/> picks whose: the demo fleet's for a demo post, the real tiles' otherwise (a demo post never shows a real incident, a real post never a demo one, even with the demo running beside real sources). Each names the last of
    /// <paramref name="changes"/> (made before or in the window, <see cref="WhatChanged"/>) in its cluster before it.</summary>
    public static IReadOnlyList<ReportIncident> From(IEnumerable<TimelineEvent> tileStates, ReportWindow window, TimeSpan minimum, bool demo, IEnumerable<TimelineEvent>? changes = null)
    {
        ArgumentNullException.ThrowIfNull(tileStates);
        ArgumentNullException.ThrowIfNull(window);
        List<TimelineEvent> sameFleet = [.. (changes ?? []).Where(c => c.IsDemo == demo)];
        return [.. tileStates
            .Where(r => r.Kind == TimelineKind.TileState && r.IsDemo == demo && r.State is TileStatus.Critical or TileStatus.Error)
            .Select(r =>
            {
                var end = r.Until is { } until && until < window.End ? until : window.End;
                return new ReportIncident(r.Cluster, r.Message, r.At > window.Start ? r.At : window.Start, end, r.Until is null || r.Until > window.End)
                {
                    After = WhatChanged.Sentence(r, sameFleet),
                };
            })
            .Where(i => i.Duration >= minimum && i.Duration > TimeSpan.Zero)
            .OrderBy(i => i.Start).ThenBy(i => i.Cluster, StringComparer.Ordinal)];
    }

    /// <summary>At most this many changes are read for a window's incidents: a week of a busy fleet's deploys, the newest kept.</summary>
    public const int MaxChanges = 10_000;

    /// <summary>The incidents of <paramref name="window"/> as the history holds them, each with what changed last before it.</summary>
    public static async Task<IReadOnlyList<ReportIncident>> ReadAsync(HistoryLocation history, ReportWindow window, TimeSpan minimum, bool demo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(window);
        try
        {
            await using var store = await history.OpenReaderAsync(cancellationToken);
            var states = await store.TileStatesAsync(window.Start, window.End, null, null, cancellationToken);
            var changes = await store.ChangesAsync(Panels.DashboardPanels.ChangeKinds, window.Start - WhatChanged.Lookback, window.End, null, MaxChanges, cancellationToken);
            return From(states, window, minimum, demo, changes);
        }
        catch (HistoryUnavailableException ex)
        {
            throw new ReportSourceException($"the week's incidents cannot be read from the history ({history.Description}): {ex.Message}", ex);
        }
    }

    /// <summary>"12 min", "2 h 5 min".</summary>
    public static string Minutes(TimeSpan span)
    {
        var minutes = (int)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero);
        return minutes >= 60
            ? string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h {minutes % 60} min")
            : string.Create(CultureInfo.InvariantCulture, $"{minutes} min");
    }

    /// <summary>"tokyo: Kubernetes API unreachable, 12 min, 00:32–00:44 UTC", then ", after bedrock-web rolled out abc → def 6 min earlier in tokyo" when a change came before it (the day too when it spans midnight or is not the window's last).</summary>
    public static string Text(ReportIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var (start, end) = (incident.Start.UtcDateTime, incident.End.UtcDateTime);
        var range = start.Date == end.Date
            ? string.Create(CultureInfo.InvariantCulture, $"{start:MMM d} {start:HH:mm}–{end:HH:mm} UTC")
            : string.Create(CultureInfo.InvariantCulture, $"{start:MMM d HH:mm}–{end:MMM d HH:mm} UTC");
        return $"{incident.Cluster}: {PostText.Flatten(incident.What)}, {Minutes(incident.Duration)}{(incident.Ongoing ? " (still going on at the end of the window)" : "")}, {range}{(incident.After is { } after ? $", after {PostText.Flatten(after)}" : "")}";
    }
}
