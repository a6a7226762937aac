using System.Globalization;
using DotLiquid;
using DotLiquid.Exceptions;

namespace OpsDashboard.Reports;

/// <summary>
/// Renders a <see cref="WeeklyReport"/> into a Jekyll post with a Liquid template (DotLiquid; Liquid is Jekyll's own
/// language). The built-in template is the team's status post; a file can replace it. Variables are snake_case as in Jekyll.
/// </summary>
public sealed class ReportRenderer
{
    private readonly Template _template;
    private readonly ReportDateStyle _dateStyle;

    private ReportRenderer(Template template, ReportDateStyle dateStyle)
    {
        _template = template;
        _dateStyle = dateStyle;
    }

    public static string DefaultTemplate { get; } = ReadDefaultTemplate();

    public static ReportRenderer Default(ReportDateStyle dateStyle) => Parse(DefaultTemplate, dateStyle, "the built-in template");

    /// <summary>The configured template: the file when one is given, else the built-in one.</summary>
    public static ReportRenderer For(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.TemplatePath) ? Default(options.DateStyle) : FromFile(options.TemplatePath, options.DateStyle);
    }

    public static ReportRenderer FromFile(string path, ReportDateStyle dateStyle)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"the template {path} cannot be read: {ex.Message}", ex);
        }

        return Parse(text, dateStyle, path);
    }

    public static ReportRenderer Parse(string template, ReportDateStyle dateStyle, string name)
    {
        try
        {
            return new ReportRenderer(Template.Parse(template), dateStyle);
        }
        catch (LiquidException ex)
        {
            throw new ReportInputException($"{name} is not a valid Liquid template: {ex.Message}", ex);
        }
    }

    public string Render(WeeklyReport report, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var parameters = new RenderParameters(CultureInfo.InvariantCulture)
        {
            LocalVariables = Hash.FromDictionary(Variables(report, options)),
            Filters = [typeof(MarkdownFilters)],
            ErrorsOutputMode = ErrorsOutputMode.Rethrow,
        };

        // A parsed DotLiquid template keeps per-render state: one render at a time.
        lock (_template)
        {
            try
            {
                return _template.Render(parameters);
            }
            catch (LiquidException ex)
            {
                throw new ReportInputException($"the template failed to render: {ex.Message}", ex);
            }
        }
    }

    /// <summary>What a template can use; documented in docs/configuration.md.</summary>
    public Dictionary<string, object> Variables(WeeklyReport report, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var window = report.Window;
        var links = new ReportLinks(options);
        return new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["team"] = options.Team,
            ["author"] = options.Author,
            ["title"] = Title(report, options),
            ["demo"] = report.IsDemo,
            ["date"] = ReportDates.Title(window.LastDay),
            ["from"] = ReportDates.Day(window.FirstDay, _dateStyle),
            ["to"] = ReportDates.Day(window.LastDay, _dateStyle),
            ["window"] = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["start"] = Iso(window.Start),
                ["end"] = Iso(window.End),
                ["start_inclusive"] = true,
                ["end_inclusive"] = false,
                ["text"] = window.Describe(),
            },
            ["sections"] = report.Sections.Select(s => new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["name"] = s.Name,
                ["intro"] = s.Intro ?? "",
                ["pull_requests"] = s.PullRequests.Select(pr => PullRequest(pr, links)).ToList(),
                ["groups"] = s.Groups.Select(g => new Dictionary<string, object>(StringComparer.Ordinal)
                {
                    ["repo"] = g.Repo is null ? "" : PostText.Markdown(g.Repo),
                    ["pull_requests"] = g.Shown.Select(pr => PullRequest(pr, links)).ToList(),
                    ["more"] = g.Collapsed.Count,
                    ["more_text"] = PostText.Markdown(g.MoreText),
                    ["more_url"] = g.MoreRepo is { } repo ? links.MergedIn(repo, window) : "",
                }).ToList(),
            }).ToList(),
            ["highlights"] = report.Sections.SelectMany(s => s.PullRequests.Where(pr => pr.Highlight).Select(pr => new Dictionary<string, object>(PullRequest(pr, links), StringComparer.Ordinal) { ["section"] = s.Name })).ToList(),
            ["links"] = options.Links.Select(l => new Dictionary<string, object>(StringComparer.Ordinal) { ["title"] = l.Title, ["url"] = l.Url }).ToList(),
            ["contributors"] = report.Contributors.Select(PostText.Markdown).ToList(),
            ["first_time_contributors"] = report.FirstTimeContributors.Select(PostText.Markdown).ToList(),
            ["counts"] = new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["pull_requests"] = report.Counts.PullRequests,
                ["contributors"] = report.Counts.Contributors,
                ["first_time_contributors"] = report.Counts.FirstTimeContributors,
                ["first_time_pull_requests"] = report.Counts.FirstTimePullRequests,
                ["repositories"] = report.Counts.Repositories,
            },
            ["incidents"] = report.Incidents.Select(i => new Dictionary<string, object>(StringComparer.Ordinal)
            {
                ["cluster"] = PostText.Markdown(i.Cluster),
                ["what"] = PostText.Markdown(i.What),
                ["start"] = Iso(i.Start),
                ["end"] = Iso(i.End),
                ["minutes"] = (int)Math.Round(i.Duration.TotalMinutes, MidpointRounding.AwayFromZero),
                ["duration"] = ReportIncidents.Minutes(i.Duration),
                ["ongoing"] = i.Ongoing,
                ["after"] = i.After is { } after ? PostText.Markdown(PostText.Flatten(after)) : "",
                ["text"] = PostText.Markdown(ReportIncidents.Text(i)),
                ["url"] = options.DashboardUrl.TrimEnd('/') + i.TimelineHref,
            }).ToList(),
            ["figures"] = Figures(report.Figures, window),
            ["stats"] = ReportStats.Paragraph(report, _dateStyle, links.Mention),
            ["source"] = report.SourceDescription,
        };
    }

    /// <summary>The figures of the week, each with its number and its sentence; <c>figures.lines</c> is every sentence in order.</summary>
    private static Dictionary<string, object> Figures(ReportFigures figures, ReportWindow window) => new(StringComparer.Ordinal)
    {
        ["any"] = !figures.IsEmpty,
        ["period"] = ReportFigures.Period(window),
        ["lines"] = figures.Lines(window).Select(PostText.Markdown).ToList(),
        ["cdn"] = figures.Cdn.Select(c => new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["distribution"] = PostText.Markdown(c.Distribution),
            ["hit_ratio"] = Math.Round(c.HitRatio, 5),
            ["percent"] = string.Create(CultureInfo.InvariantCulture, $"{c.HitRatio * 100:0.0} %"),
            ["hours_with_samples"] = c.HoursWithSamples,
            ["hours"] = c.Hours,
            ["text"] = PostText.Markdown(ReportFigures.Text(c, window)),
        }).ToList(),
        ["imports"] = figures.Imports.Select(i => new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["import"] = PostText.Markdown(i.Import),
            ["finished_at"] = Iso(i.Finished),
            ["started_at"] = i.Started is { } started ? Iso(started) : "",
            ["minutes"] = i.Took is { } took ? (int)Math.Round(took.TotalMinutes, MidpointRounding.AwayFromZero) : -1,
            ["duration"] = i.Took is { } span ? ReportIncidents.Minutes(span) : "",
            ["seen_from_start"] = i.SeenFromStart && i.Started is not null,
            ["text"] = PostText.Markdown(ReportFigures.Text(i)),
        }).ToList(),
        ["sites"] = figures.Sites.Select(s => new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["site"] = PostText.Markdown(s.Site),
            ["availability"] = ReportFigures.Percent(s.Checks.Availability ?? 0),
            ["checks"] = s.Checks.Checks,
            ["failed"] = s.Checks.Failed,
            ["text"] = PostText.Markdown(ReportFigures.Text(s, window)),
        }).ToList(),
    };

    /// <summary>"SRE Status Report - December 5, 2017"; a demo's says so first: "DEMO - SRE Status Report - …".</summary>
    public static string Title(WeeklyReport report, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        return $"{(report.IsDemo ? "DEMO - " : "")}{options.Team} Status Report - {ReportDates.Title(report.Window.LastDay)}";
    }

    /// <summary>Text from GitHub is escaped here, once, so a template that prints it cannot let Markdown, HTML or Liquid in.</summary>
    private static Dictionary<string, object> PullRequest(MergedPullRequest pr, ReportLinks links) => new(StringComparer.Ordinal)
    {
        ["repo"] = pr.Repo,
        ["number"] = pr.Number,
        ["title"] = PostText.Markdown(pr.Title),
        ["url"] = links.PullRequest(pr.Repo, pr.Number, pr.Url),
        ["author"] = PostText.Markdown(pr.Author),
        ["author_url"] = links.Profile(pr.Author) ?? "",
        ["mention"] = links.Mention(pr.Author),
        ["merged_at"] = Iso(pr.MergedAt),
        ["highlight"] = pr.Highlight,
        ["labels"] = pr.Labels.Select(PostText.Markdown).ToList(),
    };

    /// <summary>Filters a template can use on its own text: <c>{{ link.title | md_escape }}</c>, <c>{{ title | yaml }}</c>.</summary>
    public static class MarkdownFilters
    {
        public static string MdEscape(string input) => PostText.Markdown(input);

        public static string Yaml(string input) => PostText.YamlQuoted(input);
    }

    private static string Iso(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string ReadDefaultTemplate()
    {
        using var stream = typeof(ReportRenderer).Assembly.GetManifestResourceStream("OpsDashboard.Reports.weekly-report.liquid")
            ?? throw new InvalidOperationException("The built-in report template is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
