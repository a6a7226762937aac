using OpsDashboard.Reports.Curation;

namespace OpsDashboard.Reports;

/// <summary>One merged pull request as the report shows it, projected from GitHub's search result or a git commit.</summary>
public sealed record MergedPullRequest(
    string Repo,
    int Number,
    string Title,
    string Url,
    string Author,
    DateTimeOffset MergedAt,
    IReadOnlyList<string> Labels)
{
    /// <summary>Marked as a highlight of the week on the Reports page: listed first, in bold, and kept when its section is collapsed.</summary>
    public bool Highlight { get; init; }
}

/// <summary>A heading of the post ("SUMO") with its pull requests, oldest merge first, and the free-text intro written before download.</summary>
public sealed record ReportSection(string Name, IReadOnlyList<MergedPullRequest> PullRequests, string? Intro = null)
{
    private readonly IReadOnlyList<ReportGroup>? _groups;

    /// <summary>How it is written: one group without a sub-heading (every pull request), unless curated by repository or collapsed.</summary>
    public IReadOnlyList<ReportGroup> Groups
    {
        get => _groups ?? [new ReportGroup(null, PullRequests, [])];
        init => _groups = value;
    }
}

/// <summary>The figures of the stats paragraph.</summary>
public sealed record ReportCounts(int PullRequests, int Contributors, int FirstTimeContributors, int FirstTimePullRequests, int Repositories);

/// <summary>
/// Everything a status post says, before any template: the window, the sections, who contributed and who did so for the
/// first time (IsDemo: made from the built-in demo sample). Built by <see cref="WeeklyReportBuilder"/> from what a source read; rendered by <see cref="ReportRenderer"/>.
/// </summary>
public sealed record WeeklyReport(
    ReportWindow Window,
    IReadOnlyList<ReportSection> Sections,
    IReadOnlyList<string> Contributors,
    IReadOnlyList<string> FirstTimeContributors,
    ReportCounts Counts,
    string SourceDescription,
    bool IsDemo = false)
{
    /// <summary>The window's incidents from the timeline history (none when the report was made without one).</summary>
    public IReadOnlyList<ReportIncident> Incidents { get; init; } = [];

    /// <summary>The window's figures (CDN hit ratio, imports finished, site availability); none without a history or a demo.</summary>
    public ReportFigures Figures { get; init; } = ReportFigures.None;

    /// <summary>Every pull request of the window with what was chosen for it (the Reports page's curation).</summary>
    public ReportCuration Curation { get; init; } = ReportCuration.None;

    public IEnumerable<MergedPullRequest> PullRequests => Sections.SelectMany(s => s.PullRequests);

    /// <summary>The same report with these intros (by section name); sections without one keep theirs.</summary>
    public WeeklyReport WithIntros(IReadOnlyDictionary<string, string> intros) => this with
    {
        Sections = [.. Sections.Select(s => intros.TryGetValue(s.Name, out var intro) ? s with { Intro = string.IsNullOrWhiteSpace(intro) ? null : intro.Trim() } : s)],
    };
}
