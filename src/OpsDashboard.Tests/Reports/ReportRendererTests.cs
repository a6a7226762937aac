using OpsDashboard.Reports;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Reports;

/// <summary>The renderer against golden files: the team's post format, byte for byte.</summary>
public sealed class ReportRendererTests
{
    [Fact]
    public void The_built_in_template_writes_the_teams_status_post()
    {
        var options = December2017.Options();
        var report = new WeeklyReportBuilder(options).Build(December2017.Window, December2017.Reading());

        var post = ReportRenderer.Default(options.DateStyle).Render(report, options);

        AssertGolden("2017-12-05-sre-status.md", post);
    }

    [Fact]
    public void Intros_go_under_their_headings_and_a_template_can_add_the_stats_paragraph()
    {
        var options = December2017.Options();
        var report = new WeeklyReportBuilder(options).Build(December2017.Window, December2017.Reading())
            .WithIntros(new Dictionary<string, string> { ["SUMO"] = "Work continues on the SUMO move to AWS.\n", ["Bedrock"] = "Bedrock is transitioning to a local Sqlite DB.", ["MDN"] = "  " });

        var post = ReportRenderer.Parse(ReportRenderer.DefaultTemplate + "\n{{ stats }}\n", options.DateStyle, "test").Render(report, options);

        AssertGolden("with-intros-and-stats.md", post);
    }

    [Fact]
    public void A_template_sees_the_exact_window_and_which_ends_are_inclusive()
    {
        var options = December2017.Options();
        var report = new WeeklyReportBuilder(options).Build(December2017.Window, December2017.Reading());
        const string template = "{{ window.start }}|{{ window.start_inclusive }}|{{ window.end }}|{{ window.end_inclusive }}|{{ counts.pull_requests }}|{{ first_time_contributors | join: ',' }}|{{ sections[0].pull_requests[0].labels | join: ',' }}";

        var text = ReportRenderer.Parse(template, ReportDateStyle.Plain, "test").Render(report, options);

        Assert.Equal("2017-11-14T00:00:00Z|true|2017-12-06T00:00:00Z|false|7|pmac|sumo", text);
    }

    [Fact]
    public void Pull_requests_with_an_excluded_label_are_left_out_of_sections_and_counts()
    {
        var options = December2017.Options();
        options.ExcludeLabels = ["skip-changelog", "Dependencies"];
        var prs = December2017.PullRequests();
        prs.Add(new PullRequestBuilder("mozilla/kuma", 4600, "Bump pytest").By("jwhitlock").On(11, 21).Labels("dependencies").Build());
        prs.Add(new PullRequestBuilder("mozilla/kuma", 4601, "Fix CI typo").By("escattone").On(11, 22).Labels("SKIP-CHANGELOG", "mdn").Build());

        var report = new WeeklyReportBuilder(options).Build(December2017.Window, new SourceReading(prs, new HashSet<string>(), "test"));

        Assert.DoesNotContain(report.PullRequests, pr => pr.Number is 4600 or 4601);
        Assert.Equal(7, report.Counts.PullRequests);
    }

    [Fact]
    public void An_empty_excluded_label_is_refused_naming_its_key()
    {
        var options = December2017.Options();
        options.ExcludeLabels = ["skip-changelog", " "];

        var failures = new ReportOptionsValidator().Validate(null, options).Failures!;

        Assert.Contains("Dashboard:Reports:ExcludeLabels:1 is empty: give a label whose pull requests to leave out, e.g. skip-changelog.", failures);
    }

    [Fact]
    public void A_broken_template_is_refused_with_its_name()
    {
        var ex = Assert.Throws<ReportInputException>(() => ReportRenderer.Parse("{% for x in %}", ReportDateStyle.Ordinal, "custom.liquid"));

        Assert.StartsWith("custom.liquid is not a valid Liquid template", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertGolden(string name, string actual)
    {
        var expected = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reports", "Golden", name));
        if (expected != actual)
        {
            var written = Path.Combine(Path.GetTempPath(), "actual-" + name);
            File.WriteAllText(written, actual);
            Assert.Fail($"{name} differs from the rendered post (written to {written}):\n{actual}");
        }
    }
}
