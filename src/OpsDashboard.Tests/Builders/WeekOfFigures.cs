using OpsDashboard.History;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Reports;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Builders;

/// <summary>
/// A week of history as the app writes it, for the report's figures of the week of 2017-11-29 … 2017-12-05: CDN hit
/// ratio samples, import timeline rows and progress samples, site checks' hourly SLO counts; and rows either side of
/// the week that must not count, and a demo's rows in the same history (a demo tried before the real sources were
/// set up), which must not count either.
/// </summary>
public static class WeekOfFigures
{
    public static readonly ReportWindow Window = new(new DateTimeOffset(2017, 11, 29, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2017, 12, 6, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A week four weeks before, with nothing in the history: no figure at all.</summary>
    public static readonly ReportWindow EmptyWeek = new(Window.Start.AddDays(-28), Window.Start.AddDays(-21));

    public static readonly PanelKey Media = new(CdnPanel.Kind, "AWS", "media.example.org");
    public static readonly PanelKey Static = new(CdnPanel.Kind, "AWS", "static.example.org");
    public static readonly PanelKey Sumo = new(RdsImportPanel.Kind, "AWS", "sumo-prod import");
    public static readonly PanelKey Kuma = new(RdsImportPanel.Kind, "AWS", "kuma import");
    public static readonly PanelKey DemoCdn = new(CdnPanel.Kind, "AWS", "mdn.mozillademos.org");
    public static readonly PanelKey DemoImport = new(RdsImportPanel.Kind, "AWS", "demo-import");

    /// <summary>The sentences the figures make of it, in the post's order.</summary>
    public static readonly string[] Lines =
    [
        "CDN hit ratio 92.5 % this week (media.example.org)",
        "CDN hit ratio 80.0 % this week (static.example.org, samples in 24 of 168 hours)",
        "sumo-prod import finished Nov 30 08:04 UTC, took 30 h 4 min",
        "kuma import finished Dec 2 13:10 UTC, watched for 3 h 10 min from 42 % (it began before the history has it)",
        "MDN availability 99.95 % this week (10 of 20,160 checks failed)",
        "SUMO availability 100 % this week (0 of 20,160 checks failed)",
    ];

    public static async Task WriteAsync(HistoryLocation history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        var start = Window.Start;
        await using var store = await history.OpenWriterAsync(cancellationToken);

        // media: 90 % for the first half of the week, 95 % for the second; static: 80 % in its last day only; a bad sample the day before.
        var samples = new List<HistorySample> { new(Media, "hit_ratio", start.AddHours(-2), 0.1), new(Media, "hit_ratio", Window.End, 0.1) };
        for (var at = start; at < Window.End; at += TimeSpan.FromMinutes(10))
        {
            samples.Add(new(Media, "hit_ratio", at, at < start.AddHours(84) ? 0.9 : 0.95));
            samples.Add(new(Media, "requests", at, 1_000));
            if (at >= start.AddHours(144))
            {
                samples.Add(new(Static, "hit_ratio", at, 0.8));
            }
        }

        // sumo: started Nov 29 02:00, finished 30 h 4 min later; kuma: first seen at 42 %, after a run that finished the week before.
        var sumoStart = start.AddHours(2);
        var kumaSeen = start.AddDays(3).AddHours(10);
        samples.Add(new(Sumo, "import_percent", sumoStart.AddMinutes(1), 0.2));
        samples.Add(new(Kuma, "import_percent", start.AddDays(-10), 100));
        samples.Add(new(Kuma, "import_percent", kumaSeen, 42));
        samples.Add(new(Kuma, "import_percent", kumaSeen.AddHours(2), 90));

        // The demo's: a distribution of its own, an import it finished in the week, and a sample on the real kuma tile
        // before kuma was first seen (read, it would make kuma "from 5 %").
        samples.AddRange(Enumerable.Range(0, 168).Select(h => new HistorySample(DemoCdn, "hit_ratio", start.AddHours(h), 0.99, IsDemo: true)));
        samples.Add(new(DemoImport, "import_percent", start.AddDays(1), 10, IsDemo: true));
        samples.Add(new(Kuma, "import_percent", kumaSeen.AddHours(-1), 5, IsDemo: true));
        await store.AppendAsync(samples, cancellationToken);
        await store.UpsertEventsAsync(
        [
            Import(Sumo, "started", sumoStart),
            Import(Sumo, "50 % loaded", sumoStart.AddHours(15)),
            Import(Sumo, "finished", sumoStart.AddHours(30).AddMinutes(4)),
            Import(Kuma, "finished", start.AddDays(-9)),
            Import(Kuma, "finished", kumaSeen.AddHours(3).AddMinutes(10)),
            Import(DemoImport, "finished", start.AddDays(2)) with { IsDemo = true },
        ], cancellationToken);

        // 120 checks an hour for each site; MDN failed 10 in the week, and 50 in the hour before it began (not counted).
        var counts = new List<SlotCount>();
        var firstHour = start.ToUnixTimeSeconds() / 3600;
        for (var hour = firstHour - 1; hour <= firstHour + 168; hour++)
        {
            var inWeek = hour >= firstHour && hour < firstHour + 168;
            counts.Add(new(new PanelKey(SiteChecksPanel.Kind, "mdn", "MDN"), SlotLength.Hour, hour, 120, !inWeek ? 50 : hour == firstHour + 20 ? 10 : 0));
            counts.Add(new(new PanelKey(SiteChecksPanel.Kind, "sumo", "SUMO"), SlotLength.Hour, hour, 120, 0));
        }

        counts.Add(new(new PanelKey(SiteChecksPanel.Kind, "mdn", "MDN"), SlotLength.Minute, (firstHour * 60) + 5, 2, 2));
        await store.WriteSlotCountsAsync(SiteChecksPanel.Kind, counts, 0, 0, cancellationToken);
    }

    private static TimelineEvent Import(PanelKey tile, string reason, DateTimeOffset at) =>
        new(TimelineEvent.IdOf($"import/{tile.Target}/{reason}/{at.ToUnixTimeMilliseconds()}"), at, RdsImportPanel.Import, TimelineSeverity.Info, tile, null, $"Import/{tile.Target}", reason, $"{tile.Target} {reason}");
}
