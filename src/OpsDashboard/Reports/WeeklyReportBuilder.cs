using OpsDashboard.Reports.Curation;

namespace OpsDashboard.Reports;

/// <summary>
/// Turns what a source read into the report: the rules (authors, bots, labels) and the window's curation
/// (<see cref="ReportChoices"/>) applied, pull requests placed under their sections, highlights first, the rest
/// collapsed where chosen, and the counts of what the post has.
/// </summary>
public sealed class WeeklyReportBuilder(ReportOptions options)
{
    private readonly HashSet<string> _excluded = new(options.ExcludeAuthors, StringComparer.OrdinalIgnoreCase);
    private readonly ReportLinks _links = new(options);
    private readonly HashSet<string> _excludedLabels = new(options.ExcludeLabels, StringComparer.OrdinalIgnoreCase);

    /// <summary>Bots ("dependabot[bot]") when <see cref="ReportOptions.ExcludeBots"/> is on, and the listed authors.</summary>
    public bool IsExcluded(string author) => IsExcluded(author, options.ExcludeBots);

    /// <summary>The sections' names in the post's order, the other section last.</summary>
    public IReadOnlyList<string> SectionNames =>
        [.. options.Sections.Select(s => s.Name).Append(options.OtherSection).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal)];

    public WeeklyReport Build(ReportWindow window, SourceReading reading) => Build(window, reading, ReportChoices.None);

    public WeeklyReport Build(ReportWindow window, SourceReading reading, ReportChoices choices)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(choices);
        var names = SectionNames;
        var candidates = reading.PullRequests
            .Select(Tame)
            .Where(pr => window.Contains(pr.MergedAt))
            .DistinctBy(pr => (pr.Repo.ToUpperInvariant(), pr.Number))
            .OrderBy(pr => pr.MergedAt).ThenBy(pr => pr.Repo, StringComparer.OrdinalIgnoreCase).ThenBy(pr => pr.Number)
            .Select(pr => Candidate(pr, choices, names))
            .ToList();

        var bySection = candidates.Where(c => c.Included).GroupBy(c => c.Section!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(c => c.PullRequest with { Highlight = c.Choice.Highlight }).ToList(), StringComparer.Ordinal);
        List<ReportSection> sections = [.. names.Where(bySection.ContainsKey).Select(n => Section(n, bySection[n], choices.ForSection(n)))];
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
        return new WeeklyReport(window, sections, contributors, firstTime, counts, reading.Description, reading.IsDemo)
        {
            Curation = new ReportCuration(choices, candidates, Problems(choices, candidates, names)),
        }.WithIntros(choices.Intros);
    }

    private bool IsExcluded(string author, bool bots) =>
        _excluded.Contains(author) || (bots && author.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase));

    private ReportCandidate Candidate(MergedPullRequest pr, ReportChoices choices, IReadOnlyList<string> names)
    {
        var rule = SectionOf(pr);
        var choice = choices.For(pr);
        var label = pr.Labels.FirstOrDefault(l => _excludedLabels.Contains(l) || choices.ExcludeLabels.Contains(l));
        var exclusion = _excluded.Contains(pr.Author) ? $"{pr.Author} is in {ReportOptions.Section}:ExcludeAuthors"
            : IsExcluded(pr.Author, choices.ExcludeBots ?? options.ExcludeBots) ? "a bot"
            : label is not null ? $"labelled {label}"
            : null;
        var section = choice.Section is { } moved && names.Contains(moved, StringComparer.Ordinal) ? moved : rule;
        return new ReportCandidate(pr, rule, exclusion, choice, section);
    }

    private static ReportSection Section(string name, List<MergedPullRequest> prs, SectionChoice choice)
    {
        var groups = choice.ByRepository
            ? prs.GroupBy(pr => pr.Repo, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).Select(g => Group(g.Key, [.. g], choice.Collapse)).ToList()
            : [Group(null, prs, choice.Collapse)];
        return new ReportSection(name, prs) { Groups = groups };
    }

    private static ReportGroup Group(string? repo, List<MergedPullRequest> prs, bool collapse)
    {
        var highlights = prs.Where(pr => pr.Highlight).ToList();
        var rest = prs.Where(pr => !pr.Highlight).ToList();
        return collapse ? new ReportGroup(repo, highlights, rest) : new ReportGroup(repo, [.. highlights, .. rest], []);
    }

    /// <summary>What in the choices matches nothing in this window: said on the page and refused by the CLI, never dropped.</summary>
    private static List<string> Problems(ReportChoices choices, List<ReportCandidate> candidates, IReadOnlyList<string> names)
    {
        var known = candidates.Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = string.Join(", ", names.Select(n => $"\"{n}\""));
        var problems = choices.PullRequests.Keys.Where(k => !known.Contains(k)).Order(StringComparer.OrdinalIgnoreCase)
            .Select(k => $"{k} is not a pull request merged in this window")
            .ToList();
        problems.AddRange(choices.PullRequests.Where(p => p.Value.Section is { } s && !names.Contains(s, StringComparer.Ordinal)).OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
            .Select(p => $"{p.Key} is moved to \"{p.Value.Section}\", which is not a section of the report (one of {sections})"));
        problems.AddRange(choices.Sections.Keys.Concat(choices.Intros.Keys).Where(n => !names.Contains(n, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(n => $"\"{n}\" is not a section of the report (one of {sections})"));
        return problems;
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
