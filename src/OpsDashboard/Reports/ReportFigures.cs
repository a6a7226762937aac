using System.Globalization;
using OpsDashboard.History;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Timeline;

namespace OpsDashboard.Reports;

/// <summary>A distribution's CDN hit ratio over the window: the mean of its hourly means, and how many hours had samples.</summary>
public sealed record CdnWeekFigure(string Distribution, double HitRatio, int HoursWithSamples, int Hours);

/// <summary>An RDS import that finished in the window; <see cref="Started"/> is when it was first seen, at <see cref="StartPercent"/> (0 when seen from its start).</summary>
public sealed record ImportRun(string Import, DateTimeOffset Finished, DateTimeOffset? Started, double StartPercent)
{
    public TimeSpan? Took => Started is { } started ? Finished - started : null;

    /// <summary>Seen from its start: the duration is the whole import's, not only what the dashboard watched.</summary>
    public bool SeenFromStart => StartPercent < 1;
}

/// <summary>A site's checks in the window, from the site checks' hourly SLO counts.</summary>
public sealed record SiteWeekAvailability(string Site, CheckCounts Checks);

/// <summary>
/// The figures of the week a post can show beside its pull requests: CDN hit ratio, RDS imports finished and how long
/// they took, each site's availability. Only what the data holds: a figure with no data behind it is left out, never guessed.
/// </summary>
public sealed record ReportFigures(IReadOnlyList<CdnWeekFigure> Cdn, IReadOnlyList<ImportRun> Imports, IReadOnlyList<SiteWeekAvailability> Sites)
{
    public static readonly ReportFigures None = new([], [], []);

    public bool IsEmpty => Cdn.Count == 0 && Imports.Count == 0 && Sites.Count == 0;

    /// <summary>
    /// The figures of <paramref name="window"/> as the history holds them (CDN samples, import timeline rows and samples,
    /// site checks' slot counts), real ones only: a demo's rows in the same history (a demo tried first, or
    /// Dashboard:Demo:Mode Always beside real sources) never reach a real post. Slot counts are only written by real checks.
    /// </summary>
    public static async Task<ReportFigures> ReadAsync(HistoryLocation history, ReportWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(window);
        try
        {
            await using var store = await history.OpenReaderAsync(cancellationToken);
            var last = window.End.AddMilliseconds(-1);
            var hours = Hours(window);
            var cdn = await store.QueryDownsampledAsync(window.Start, last, hours, null, CdnPanel.Kind, cancellationToken, realOnly: true);
            var importRows = (await store.QueryEventsOldestFirstAsync(
                new TimelineFilter(window.Start.AddDays(-31), last) { Panel = RdsImportPanel.Kind }, 100_000, cancellationToken)).Where(r => !r.IsDemo).ToList();
            var imports = new List<ImportRun>();
            foreach (var finished in importRows.Where(r => r.Reason == "finished" && window.Contains(r.At)))
            {
                imports.Add(await ImportRunAsync(store, importRows, finished, cancellationToken));
            }

            return new ReportFigures(
                CdnFrom(cdn.Where(s => s.Figure == "hit_ratio"), hours),
                imports,
                SitesFrom(await store.SlotCountsAsync(SiteChecksPanel.Kind, cancellationToken), window));
        }
        catch (HistoryUnavailableException ex)
        {
            throw new ReportSourceException($"the week's figures cannot be read from the history ({history.Description}): {ex.Message}", ex);
        }
    }

    /// <summary>One figure per distribution from its hourly buckets of hit ratio samples.</summary>
    public static IReadOnlyList<CdnWeekFigure> CdnFrom(IEnumerable<HistorySeries> hitRatios, int hours)
    {
        ArgumentNullException.ThrowIfNull(hitRatios);
        return [.. hitRatios.Where(s => s.Buckets.Count > 0)
            .Select(s => new CdnWeekFigure(s.Tile.Target, s.Buckets.Average(b => b.Average), s.Buckets.Count, hours))
            .OrderBy(f => f.Distribution, StringComparer.Ordinal)];
    }

    /// <summary>Each site's hourly counts whose hour starts in the window, summed; sites with no check in it are left out.</summary>
    public static IReadOnlyList<SiteWeekAvailability> SitesFrom(IEnumerable<SlotCount> counts, ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(window);
        return [.. counts
            .Where(c => c.Length == SlotLength.Hour && window.Contains(DateTimeOffset.FromUnixTimeSeconds(c.Slot * 3600)))
            .GroupBy(c => c.Tile.Target, StringComparer.Ordinal)
            .Select(g => new SiteWeekAvailability(g.Key, new CheckCounts(g.Sum(c => c.Total), g.Sum(c => c.Bad))))
            .Where(s => s.Checks.Checks > 0)
            .OrderBy(s => s.Site, StringComparer.Ordinal)];
    }

    /// <summary>How many whole or partial hours the window spans (the CDN figure's buckets).</summary>
    public static int Hours(ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return Math.Max(1, (int)Math.Ceiling((window.End - window.Start).TotalHours));
    }

    /// <summary>
    /// When the finished import began: its last "started" row since the run before it finished, else its first progress
    /// sample in that time (and at what percent, so a run first seen halfway says so).
    /// </summary>
    private static async Task<ImportRun> ImportRunAsync(HistoryStore store, IReadOnlyList<TimelineEvent> rows, TimelineEvent finished, CancellationToken cancellationToken)
    {
        var previous = rows.LastOrDefault(r => r.Tile == finished.Tile && r.Reason == "finished" && r.At < finished.At)?.At ?? finished.At.AddDays(-31);
        if (rows.LastOrDefault(r => r.Tile == finished.Tile && r.Reason == "started" && r.At > previous && r.At <= finished.At) is { } started)
        {
            return new ImportRun(finished.Tile.Target, finished.At, started.At, 0);
        }

        var points = await store.QueryAsync(finished.Tile, "import_percent", previous.AddMilliseconds(1), finished.At, cancellationToken, realOnly: true);
        return points.Where(p => p.Value < 100).Select(p => (HistoryPoint?)p).FirstOrDefault() is { } first
            ? new ImportRun(finished.Tile.Target, finished.At, first.At, first.Value)
            : new ImportRun(finished.Tile.Target, finished.At, null, 0);
    }

    /// <summary>"this week" for a window of 6 to 8 days (a weekly post's), else "in these 3 days".</summary>
    public static string Period(ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var days = (window.End - window.Start).TotalDays;
        return days is >= 6 and <= 8 ? "this week"
            : days <= 1 ? "in this day"
            : string.Create(CultureInfo.InvariantCulture, $"in these {Math.Ceiling(days)} days");
    }

    /// <summary>"99.95 %": cut, not rounded, so a site that failed a check never shows 100 %.</summary>
    public static string Percent(double share) =>
        share >= 1 ? "100 %" : string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(share * 10_000) / 100:0.00} %");

    /// <summary>"CDN hit ratio 91.2 % this week (mdn.mozillademos.org)", with the hours behind it when samples miss part of the window.</summary>
    public static string Text(CdnWeekFigure figure, ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var coverage = figure.HoursWithSamples * 20 < figure.Hours * 19
            ? string.Create(CultureInfo.InvariantCulture, $", samples in {figure.HoursWithSamples} of {figure.Hours} hours")
            : "";
        return string.Create(CultureInfo.InvariantCulture, $"CDN hit ratio {figure.HitRatio * 100:0.0} % {Period(window)} ({figure.Distribution}{coverage})");
    }

    /// <summary>"sumo-prod import finished Dec 4 03:12 UTC, took 30 h 4 min" (or "watched for … from 42 %" when first seen partway).</summary>
    public static string Text(ImportRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var finished = run.Finished.UtcDateTime.ToString("MMM d HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var took = run.Took switch
        {
            null => ", how long it took is not in the history",
            { } span when run.SeenFromStart => $", took {ReportIncidents.Minutes(span)}",
            { } span => string.Create(CultureInfo.InvariantCulture, $", watched for {ReportIncidents.Minutes(span)} from {run.StartPercent:0} % (it began before the history has it)"),
        };
        return $"{run.Import} finished {finished}{took}";
    }

    /// <summary>"MDN availability 99.95 % this week (2 of 20,160 checks failed)".</summary>
    public static string Text(SiteWeekAvailability site, ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(site);
        return string.Create(CultureInfo.InvariantCulture,
            $"{site.Site} availability {Percent(site.Checks.Availability ?? 0)} {Period(window)} ({site.Checks.Failed:N0} of {site.Checks.Checks:N0} checks failed)");
    }

    /// <summary>How many finished imports a post lists before "and 3 more imports finished".</summary>
    public const int ImportsListed = 5;

    /// <summary>Every figure as a sentence, in the post's order: CDN, imports (the first <see cref="ImportsListed"/>), sites.</summary>
    public IEnumerable<string> Lines(ReportWindow window) =>
        Cdn.Select(c => Text(c, window))
            .Concat(Imports.Take(ImportsListed).Select(Text))
            .Concat(Imports.Count > ImportsListed ? [string.Create(CultureInfo.InvariantCulture, $"and {Imports.Count - ImportsListed} more imports finished")] : [])
            .Concat(Sites.Select(s => Text(s, window)));
}
