namespace OpsDashboard.Reports;

/// <summary>Configuration section <c>Dashboard:Reports</c>: the weekly status post, where its pull requests come from, and how it is written.</summary>
public sealed class ReportOptions
{
    public const string Section = "Dashboard:Reports";

    /// <summary>"MozMEAO SRE": the title says "{Team} Status Report", the intro "on the {Team} team".</summary>
    public string Team { get; set; } = "SRE";

    public string Author { get; set; } = "";

    /// <summary>Headings in order; each pull request goes to the first section that takes it (by repo or by label).</summary>
    public List<ReportSectionOptions> Sections { get; set; } = [];

    /// <summary>Heading for pull requests of configured repos that no section takes; empty leaves them out.</summary>
    public string OtherSection { get; set; } = "Other";

    public List<ReportLinkOptions> Links { get; set; } = [];

    public ReportSourceKind Source { get; set; } = ReportSourceKind.GitHub;

    public GitHubReportOptions GitHub { get; set; } = new();

    public GitReportOptions Git { get; set; } = new();

    /// <summary>Logins left out of the report, e.g. a release bot without the [bot] suffix.</summary>
    public List<string> ExcludeAuthors { get; set; } = [];

    /// <summary>Pull requests carrying any of these labels (case-insensitive) are left out, e.g. skip-changelog, dependencies.</summary>
    public List<string> ExcludeLabels { get; set; } = [];

    /// <summary>Leave out GitHub Apps ("dependabot[bot]") and accounts of type Bot.</summary>
    public bool ExcludeBots { get; set; } = true;

    /// <summary>The post's incidents: tiles CRITICAL or ERROR at least this long in the window (from the timeline history).</summary>
    public TimeSpan IncidentMinimum { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The dashboard's address (https://ops.example.com), so an incident links to its timeline from the post; empty writes /timeline?… links.</summary>
    public string DashboardUrl { get; set; } = "";

    public ReportDateStyle DateStyle { get; set; } = ReportDateStyle.Ordinal;

    /// <summary>A Liquid template file; empty uses the built-in one (the team's post format).</summary>
    public string? TemplatePath { get; set; }

    /// <summary>The post's file name; {0} is the report's last day, e.g. {0:yyyy-MM-dd}-sre-status.md.</summary>
    public string FileName { get; set; } = "{0:yyyy-MM-dd}-sre-status.md";

    /// <summary>Where the end of the last generated report is kept, so the next window starts there (relative to the working directory).</summary>
    public string StatePath { get; set; } = "data/report-state.json";

    /// <summary>The repos searched: those of every section, each once, in the order configured.</summary>
    public IReadOnlyList<string> Repos => [.. Sections.SelectMany(s => s.Repos).Distinct(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>A heading of the post and the repos (optionally only the labels) it collects.</summary>
public sealed class ReportSectionOptions
{
    public string Name { get; set; } = "";

    /// <summary>"owner/name" of the repos whose pull requests this section shows.</summary>
    public List<string> Repos { get; set; } = [];

    /// <summary>Pull requests of any configured repo carrying one of these labels (case-insensitive) go here too, e.g. "sumo" on mozmeao/infra.</summary>
    public List<string> Labels { get; set; } = [];
}

public sealed class ReportLinkOptions
{
    public string Title { get; set; } = "";

    public string Url { get; set; } = "";
}

public enum ReportSourceKind
{
    GitHub,
    Git,
}

/// <summary>How days are written: "November 14th" or "November 14".</summary>
public enum ReportDateStyle
{
    Ordinal,
    Plain,
}

/// <summary>GitHub (or GitHub Enterprise) search.</summary>
public sealed class GitHubReportOptions
{
    /// <summary>API root: https://api.github.com/, or https://github.example.com/api/v3/ for GitHub Enterprise.</summary>
    public string BaseUrl { get; set; } = "https://api.github.com/";

    /// <summary>
    /// Where pull requests and people are linked (https only); empty: https://github.com, or the host of an
    /// …/api/v3/ BaseUrl. A pull request's link to any other host (or a javascript: one) is rebuilt from repo and number.
    /// </summary>
    public string? WebUrl { get; set; }

    /// <summary>A token; the GITHUB_TOKEN environment variable is used when this is empty.</summary>
    public string? Token { get; set; }

    /// <summary>Longest search query sent; repos are batched into as many queries as it takes.</summary>
    public int MaxQueryLength { get; set; } = 256;

    public int PageSize { get; set; } = 100;

    /// <summary>When the rate limit is spent and resets within this, wait (with progress); later, stop and say when to retry.</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A search of a window that had closed (and settled) when GitHub answered it is used again without asking for this
    /// long; later runs send a conditional request (a 304 is free). Zero always asks.
    /// </summary>
    public TimeSpan ReuseFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>ETags of earlier responses and what is known of authors' earlier PRs (relative to the working directory).</summary>
    public string CachePath { get; set; } = "data/github-cache.json";
}

/// <summary>Local clones (bare ones too) read with git itself.</summary>
public sealed class GitReportOptions
{
    public List<GitRepositoryOptions> Repositories { get; set; } = [];

    /// <summary>
    /// Commit e-mail addresses (after the clone's .mailmap) to GitHub logins, for authors whose commits carry no
    /// noreply address: {"daniel@example.com": "ddbeck"}. An author found in neither is shown by name, unlinked.
    /// </summary>
    public Dictionary<string, string> Logins { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The git executable.</summary>
    public string Executable { get; set; } = "git";
}

public sealed class GitRepositoryOptions
{
    /// <summary>"owner/name", as in the sections.</summary>
    public string Repo { get; set; } = "";

    public string Path { get; set; } = "";

    /// <summary>The branch whose history is read; empty reads HEAD.</summary>
    public string? Branch { get; set; }

    /// <summary>Where pull requests are linked, e.g. https://github.com/mozmeao/infra (…/pull/N is added).</summary>
    public string? WebUrl { get; set; }
}
