using OpsDashboard.Demo;
using OpsDashboard.History;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Reports;

/// <summary>
/// The report a fresh machine makes (nothing under Dashboard:Reports, Dashboard:Demo:Mode not Off): sections for the demo
/// fleet's repositories and a built-in sample of made-up pull requests, run through the same builder and template as a
/// real report. Everything about it says DEMO: the page, the post's title, front matter and first line, and the file
/// name; its links go to a host that does not exist, so no made-up PR can be taken for a real one on GitHub.
/// </summary>
public static class DemoReport
{
    /// <summary>Where the demo's pull requests and people are linked: a reserved name (RFC 2606) that never resolves.</summary>
    public const string WebUrl = "https://github.demo.invalid";

    public const string Description = "built-in DEMO sample of made-up pull requests (nothing was read from GitHub)";

    public static ReportOptions Options() => new()
    {
        Team = "SRE",
        Author = "OpsDashboard demo",
        Sections =
        [
            new() { Name = "Bedrock", Repos = ["mozilla/bedrock"] },
            new() { Name = "MDN", Repos = ["mdn/kuma"] },
            new() { Name = "SUMO", Repos = ["mozilla/kitsune"] },
            new() { Name = "Infra", Repos = ["mozmeao/infra"] },
        ],
        GitHub = new GitHubReportOptions { WebUrl = WebUrl },
        FileName = "{0:yyyy-MM-dd}-sre-status-DEMO.md",
        StatePath = "",
    };

    /// <summary>The sample: repo, number, title, author, and where in the window it was merged (0 its start, 1 its end).</summary>
    private static readonly (string Repo, int Number, string Title, string Author, double At)[] Sample =
    [
        ("mozmeao/infra", 9001, "Move tokyo's node group to the new launch template", "demo-ana", 0.05),
        ("mozilla/bedrock", 9002, "Cache the download page for 10 minutes at the CDN", "demo-ben", 0.12),
        ("mdn/kuma", 9003, "Restart kumascript on crash loop with backoff", "demo-chen", 0.2),
        ("mozilla/kitsune", 9004, "Raise the SUMO web pods' memory limit to 1 GiB", "demo-ana", 0.31),
        ("mozmeao/infra", 9005, "Alert when an RDS import has not moved for 30 minutes", "demo-dara", 0.4),
        ("mozilla/bedrock", 9006, "Fix a typo in the Firefox release notes template", "demo-first-timer", 0.52),
        ("mdn/kuma", 9007, "Serve the interactive examples from the CDN", "demo-chen", 0.63),
        ("mozmeao/infra", 9008, "Document the frankfurt failover runbook", "demo-ben", 0.75),
        ("mozilla/kitsune", 9009, "Retry Elasticsearch reindex jobs that time out", "demo-dara", 0.88),
        ("mozilla/bedrock", 9010, "Drop the unused oregon-a health check", "demo-ana", 0.95),
    ];

    /// <summary>The sample placed in <paramref name="window"/>, whatever it is, so every window picked shows the generator at work.</summary>
    public static SourceReading Read(ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var span = window.End - window.Start;
        var prs = Sample.Select(s => new MergedPullRequest(
            s.Repo, s.Number, s.Title, $"{WebUrl}/{s.Repo}/pull/{s.Number}", s.Author, window.Start + (span * s.At), [])).ToList();
        return new SourceReading(prs, new HashSet<string>(["demo-first-timer"], StringComparer.OrdinalIgnoreCase), Description, IsDemo: true);
    }

    /// <summary>
    /// The demo fleet's figures for <paramref name="window"/> (up to now), worked out from the same simulation its panels
    /// show and through the same sums as a real post's: CDN hit ratio by the hour, the import's runs, every site check.
    /// </summary>
    public static ReportFigures Figures(ReportWindow window, DemoFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(fleet);
        var end = window.End < fleet.Time.GetUtcNow() ? window.End : fleet.Time.GetUtcNow();
        var hours = ReportFigures.Hours(window);
        var buckets = new List<HistoryBucket>();
        for (var hour = window.Start; hour < end; hour += TimeSpan.FromHours(1))
        {
            var minutes = Enumerable.Range(0, 60).Select(m => hour.AddMinutes(m)).Where(m => m < end).ToList();
            buckets.Add(new HistoryBucket(hour, minutes.Average(m => DemoCdnSource.HitRatioAt(fleet, m)), 0, 0));
        }

        var cdn = new HistorySeries(new PanelKey(CdnPanel.Kind, "AWS", "mdn.mozillademos.org"), "hit_ratio", buckets);
        var imports = DemoImportProgressSource.RunsFinishedBetween(fleet, window.Start, end)
            .Select(r => new ImportRun("sumo-prod import", r.Finished, r.Started, 0)).ToList();
        return new ReportFigures(
            ReportFigures.CdnFrom([cdn], hours),
            imports,
            ReportFigures.SitesFrom(new DemoSiteChecksSource(fleet).HourlyCounts(window.Start, end), window));
    }
}
