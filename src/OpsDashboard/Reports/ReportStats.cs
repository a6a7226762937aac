using System.Globalization;

namespace OpsDashboard.Reports;

/// <summary>The MDN changelog's stats paragraph: "There were 276 PRs merged in October … 147 of these were from first-time contributors."</summary>
public static class ReportStats
{
    public static string Paragraph(WeeklyReport report, ReportDateStyle style) => Paragraph(report, style, Handle);

    /// <summary>"@login" for a GitHub login; a git author's name without one is written as it is, never "@Full Name".</summary>
    public static string Handle(string author) => ReportLinks.IsLogin(author) ? "@" + author : author;

    /// <summary>The paragraph with each first-time contributor written by <paramref name="mention"/> (a link in the post).</summary>
    public static string Paragraph(WeeklyReport report, ReportDateStyle style, Func<string, string> mention)
    {
        ArgumentNullException.ThrowIfNull(report);
        var c = report.Counts;
        var span = $"from {ReportDates.Day(report.Window.FirstDay, style)} - {ReportDates.Day(report.Window.LastDay, style)}";
        var text = c.PullRequests switch
        {
            0 => $"No PRs were merged {span}.",
            1 => $"There was 1 PR merged {span}, by 1 contributor in 1 repository.",
            _ => string.Create(CultureInfo.InvariantCulture, $"There were {c.PullRequests} PRs merged {span}, by {Count(c.Contributors, "contributor")} in {Count(c.Repositories, "repository", "repositories")}."),
        };
        if (c.FirstTimeContributors > 0)
        {
            var who = string.Join(", ", report.FirstTimeContributors.Select(mention));
            text += c.PullRequests == 1
                ? $" It was from a first-time contributor: {who}."
                : string.Create(CultureInfo.InvariantCulture, $" {c.FirstTimePullRequests} of these {(c.FirstTimePullRequests == 1 ? "was" : "were")} from {Count(c.FirstTimeContributors, "first-time contributor")}: {who}.");
        }

        return text;
    }

    private static string Count(int n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? one : many ?? one + "s")}");
}
