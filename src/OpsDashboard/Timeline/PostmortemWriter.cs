using System.Globalization;
using System.Text;

namespace OpsDashboard.Timeline;

/// <summary>A chosen range of the timeline as Markdown, ready to paste into an incident report: what was red for how long, then every row.</summary>
public static class PostmortemWriter
{
    /// <summary>At most this many rows go into one export; the rest are counted, not listed.</summary>
    public const int MaxRows = 2000;

    /// <param name="query">The view exported: its range and filters head the report.</param>
    /// <param name="export">The rows, oldest first (at most <see cref="MaxRows"/>), how many the range and filters match in all, and the changes made to its clusters.</param>
    /// <param name="viewUrl">The address of the same view, fixed to the range, for the report to link to.</param>
    /// <param name="now">When the export was made.</param>
    public static string Write(TriageQuery query, PostmortemRows export, string? viewUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(export);
        var (rows, total, changes) = (export.Rows, export.Total, export.Changes);
        var (from, to) = query.Window(now);
        var withDate = from.UtcDateTime.Date != to.UtcDateTime.Date;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"# Incident timeline: {Scope(query)}, {from.UtcDateTime:yyyy-MM-dd HH:mm} – {(withDate ? to.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : to.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture))} UTC\n\n");
        if (rows.Any(r => r.IsDemo) || changes.Any(c => c.IsDemo))
        {
            md.Append("> **DEMO DATA**: rows marked *demo* come from the simulated fleet, not from real systems.\n\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"Exported from OpsDashboard at {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC. {Filters(query)} All times are UTC.");
        md.Append(viewUrl is null ? "\n\n" : $" [The same view in the dashboard]({viewUrl}).\n\n");

        var red = rows.Where(r => r.Kind == TimelineKind.TileState && r.Severity > TimelineSeverity.Info).ToList();
        md.Append("## What was not OK\n\n");
        if (red.Count == 0)
        {
            md.Append("No tile changed to a warning or worse state in this range.\n\n");
        }

        foreach (var state in red)
        {
            var lasted = state.Until is { } until ? $"from {Time(state.At, withDate)} to {Time(until, withDate)} ({Durations.Format(until - state.At)})" : $"from {Time(state.At, withDate)}, still so at the end of the range";
            var after = WhatChanged.Sentence(state, changes) is { } changed ? $" (after: {Cell(changed)})" : "";
            md.Append(CultureInfo.InvariantCulture, $"- **{TimelineLinks.Where(state)}** {State(state.Reason)} {lasted}: {Cell(state.Message)}{after}\n");
        }

        var counts = rows.Where(r => r.Kind != TimelineKind.TileState).GroupBy(r => r.Reason).OrderByDescending(g => g.Sum(r => r.Count)).Take(8).ToList();
        if (counts.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"- Events: {string.Join(", ", counts.Select(g => $"{g.Key} ×{g.Sum(r => r.Count)}"))}\n");
        }

        var made = changes.Where(c => c.At >= from && c.At <= to).ToList();
        md.Append(CultureInfo.InvariantCulture, $"\n## Changes made\n\n{(made.Count == 0 ? "No deploy in this range" : "Deploys in this range")} ({(query.Cluster is { } cluster ? cluster : "all clusters")}, whatever the other filters).\n");
        if (made.Count > 0)
        {
            md.Append("\n| Time (UTC) | Where | What | Detail |\n|---|---|---|---|\n");
            foreach (var change in made)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Time(change.At, withDate)} | {Cell(TimelineLinks.Where(change))}{(change.IsDemo ? " *demo*" : "")} | {Cell(change.Reason)} | {Cell(change.Message)} |\n");
            }
        }

        md.Append("\n## Timeline\n\n| Time (UTC) | Severity | Where | What | Detail |\n|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            var what = row.Count > 1 ? $"{row.Reason} ×{row.Count}" : row.Reason;
            var until = row.Until is { } u && u > row.At ? $" (until {Time(u, withDate)})" : "";
            md.Append(CultureInfo.InvariantCulture, $"| {Time(row.At, withDate)} | {row.Severity.Word()} | {Cell(TimelineLinks.Where(row))}{(row.IsDemo ? " *demo*" : "")} | {Cell(what)}{until} | {Cell(row.Message)} |\n");
        }

        if (total > rows.Count)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n_{total - rows.Count} more rows in this range are not listed: narrow the range or the filters._\n");
        }

        return md.ToString();
    }

    /// <summary>A file name for the export: <c>incident-2026-11-22-1212-oregon-b.md</c>.</summary>
    public static string FileName(TriageQuery query, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(query);
        var from = query.Window(now).From.UtcDateTime;
        var scope = query.Cluster is { } c ? "-" + new string([.. c.Select(ch => char.IsAsciiLetterOrDigit(ch) ? ch : '-')]) : "";
        return string.Create(CultureInfo.InvariantCulture, $"incident-{from:yyyy-MM-dd-HHmm}{scope}.md");
    }

    private static string Scope(TriageQuery query) =>
        string.Join(" / ", new[] { query.Cluster, query.Namespace, query.InvolvedObject, query.Panel?.Title }.Where(p => p is not null)) is { Length: > 0 } scope ? scope : "all clusters";

    private static string Filters(TriageQuery query)
    {
        var parts = new[]
        {
            query.Cluster is { } c ? $"cluster {c}" : null,
            query.Namespace is { } n ? $"namespace {n}" : null,
            query.InvolvedObject is { } o ? $"object {o}" : null,
            query.Panel is { } p ? $"panel {p.Title}" : null,
            query.MinSeverity > TimelineSeverity.Info ? $"severity {query.MinSeverity.Word()} or worse" : null,
        }.Where(p => p is not null).ToList();
        return parts.Count == 0 ? "No filters." : $"Filters: {string.Join(", ", parts)}.";
    }

    private static string State(string reason) => reason[(reason.LastIndexOf('→') + 1)..].Trim();

    private static string Time(DateTimeOffset at, bool withDate) =>
        at.UtcDateTime.ToString(withDate ? "MMM d HH:mm:ss" : "HH:mm:ss", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
}
