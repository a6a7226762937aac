namespace OpsDashboard.Reports;

/// <summary>Turns what a source read into the report: authors left out, pull requests placed under their sections, counts.</summary>
public sealed class WeeklyReportBuilder(ReportOptions options)
{
    private readonly HashSet<string> _excluded = new(options.ExcludeAuthors, StringComparer.OrdinalIgnoreCase);
    private readonly ReportLinks _links = new(options);
    private readonly HashSet<string> _excludedLabels = new(options.ExcludeLabels, StringComparer.OrdinalIgnoreCase);

    /// <summary>Bots ("dependabot[bot]") when <see cref="ReportOptions.ExcludeBots"/> is on, and the listed authors.</summary>
    public bool IsExcluded(string author) =>
        _excluded.Contains(author) || (options.ExcludeBots && author.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase));

    public WeeklyReport Build(ReportWindow window, SourceReading reading)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(reading);
        var kept = reading.PullRequests
            .Select(Tame)
            .Where(pr => window.Contains(pr.MergedAt) && !IsExcluded(pr.Author) && !pr.Labels.Any(_excludedLabels.Contains))
            .DistinctBy(pr => (pr.Repo.ToUpperInvariant(), pr.Number))
            .OrderBy(pr => pr.MergedAt).ThenBy(pr => pr.Repo, StringComparer.OrdinalIgnoreCase).ThenBy(pr => pr.Number)
            .ToList();

        var bySection = new Dictionary<string, List<MergedPullRequest>>(StringComparer.Ordinal);
        foreach (var pr in kept)
        {
            if (SectionOf(pr) is { } name)
            {
                (bySection.TryGetValue(name, out var list) ? list : bySection[name] = []).Add(pr);
            }
        }

        var names = options.Sections.Select(s => s.Name).Append(options.OtherSection).Distinct(StringComparer.Ordinal);
        List<ReportSection> sections = [.. names.Where(bySection.ContainsKey).Select(n => new ReportSection(n, bySection[n]))];
        var shown = sections.SelectMany(s => s.PullRequests).ToList();
        var contributors = shown.Select(pr => pr.Author).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var firstTime = contributors.Where(reading.FirstTimeContributors.Contains).ToList();
        var firstTimeSet = new HashSet<string>(firstTime, StringComparer.OrdinalIgnoreCase);
        var counts = new ReportCounts(
            shown.Count,
            contributors.Count,
            firstTime.Count,
            shown.Count(pr => firstTimeSet.Contains(pr.Author)),
            shown.Select(pr => pr.Repo).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        return new WeeklyReport(window, sections, contributors, firstTime, counts, reading.Description, reading.IsDemo);
    }

    /// <summary>Titles and names on one line, and a link only to the configured host: the page's preview shows them too.</summary>
    private MergedPullRequest Tame(MergedPullRequest pr) => pr with
    {
        Title = PostText.Flatten(pr.Title),
        Author = PostText.Flatten(pr.Author),
        Url = _links.PullRequest(pr.Repo, pr.Number, pr.Url),
    };

    private string? SectionOf(MergedPullRequest pr)
    {
        foreach (var section in options.Sections)
        {
            if (section.Repos.Contains(pr.Repo, StringComparer.OrdinalIgnoreCase)
                || section.Labels.Any(l => pr.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)))
            {
                return section.Name;
            }
        }

        return string.IsNullOrWhiteSpace(options.OtherSection) ? null : options.OtherSection;
    }
}
