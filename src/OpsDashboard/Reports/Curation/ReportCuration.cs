namespace OpsDashboard.Reports.Curation;

/// <summary>
/// One pull request of the window as the Reports page lists it for curation: where the rules put it, why they leave it
/// out (a label, a bot, a listed author), what was chosen for it, and so whether the post has it and under which heading.
/// </summary>
public sealed record ReportCandidate(MergedPullRequest PullRequest, string? RuleSection, string? RuleExclusion, PullRequestChoice Choice, string? Section)
{
    public string Key => ReportChoices.Key(PullRequest);

    public bool Included => Section is not null && (Choice.Include ?? RuleExclusion is null);
}

/// <summary>Every candidate of the window, the choices applied, and what in the choices matched nothing (said, never dropped).</summary>
public sealed record ReportCuration(ReportChoices Choices, IReadOnlyList<ReportCandidate> Candidates, IReadOnlyList<string> Problems)
{
    public static ReportCuration None { get; } = new(ReportChoices.None, [], []);

    /// <summary>The labels the window's pull requests carry, for the page's label filter.</summary>
    public IReadOnlyList<string> Labels => [.. Candidates.SelectMany(c => c.PullRequest.Labels).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
}

/// <summary>How a section is written: under a sub-heading (its repository) or none, the pull requests listed, highlights first, and those collapsed into one line.</summary>
public sealed record ReportGroup(string? Repo, IReadOnlyList<MergedPullRequest> Shown, IReadOnlyList<MergedPullRequest> Collapsed)
{
    /// <summary>"and 57 more in mdn/browser-compat-data"; "12 pull requests in mozmeao/infra" when none is shown; "and 5 more: 3 in mdn/kuma, 2 in mozmeao/infra".</summary>
    public string MoreText
    {
        get
        {
            if (Collapsed.Count == 0)
            {
                return "";
            }

            var byRepo = Collapsed.GroupBy(pr => pr.Repo, StringComparer.OrdinalIgnoreCase).Select(g => (Repo: g.Key, Count: g.Count())).ToList();
            var count = Count(Collapsed.Count);
            if (byRepo.Count == 1)
            {
                return Shown.Count == 0
                    ? $"{count} {(Collapsed.Count == 1 ? "pull request" : "pull requests")} in {byRepo[0].Repo}"
                    : $"and {count} more in {byRepo[0].Repo}";
            }

            var parts = string.Join(", ", byRepo.Select(r => $"{Count(r.Count)} in {r.Repo}"));
            return Shown.Count == 0 ? $"{count} pull requests: {parts}" : $"and {count} more: {parts}";
        }
    }

    /// <summary>The one repository of the collapsed pull requests, for a link to them; null when they are of several.</summary>
    public string? MoreRepo => Collapsed.Select(pr => pr.Repo).Distinct(StringComparer.OrdinalIgnoreCase).Take(2).ToList() is [var one] ? one : null;

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
