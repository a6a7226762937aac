using OpsDashboard.Reports;
using OpsDashboard.Reports.Curation;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Reports.Curation;

/// <summary>What each choice does to the post (built-in template), and the choices file read back or refused saying what to fix.</summary>
public sealed class ReportChoicesTests
{
    private static readonly ReportOptions Options = December2017.Options();

    private static MergedPullRequest Pr(int number) => December2017.PullRequests().Single(p => p.Number == number);

    private static string Post(ReportChoices choices, List<MergedPullRequest>? prs = null)
    {
        var report = new WeeklyReportBuilder(Options).Build(December2017.Window, new SourceReading(prs ?? December2017.PullRequests(), new HashSet<string>(["pmac"], StringComparer.OrdinalIgnoreCase), "test"), choices);
        return ReportRenderer.Default(Options.DateStyle).Render(report, Options);
    }

    private static string[] Section(string post, string name) =>
        [.. post.Split('\n').SkipWhile(l => l != $"### {name}").Skip(1).TakeWhile(l => !l.StartsWith("### ", StringComparison.Ordinal) && !l.StartsWith("## ", StringComparison.Ordinal)).Where(l => l.Length > 0)];

    [Fact]
    public void No_choices_leave_the_post_as_the_rules_make_it()
    {
        var report = new WeeklyReportBuilder(Options).Build(December2017.Window, December2017.Reading());

        Assert.Equal(ReportRenderer.Default(Options.DateStyle).Render(report, Options), Post(ReportChoices.None));
        Assert.Equal("a bot", report.Curation.Candidates.Single(c => c.PullRequest.Number == 670).RuleExclusion);
        Assert.Empty(report.Curation.Problems);
    }

    [Fact]
    public void A_section_by_repository_gets_a_sub_heading_per_repository_and_collapsed_its_highlights_then_one_line_each()
    {
        var choices = ReportChoices.None
            .WithSection("MDN", s => s with { ByRepository = true })
            .With(Pr(664), p => p with { Highlight = true });
        Assert.Equal(
            [
                "#### mozilla/kuma",
                "- [adjust liveness tests, avoid DB query in middleware](https://github.com/mozilla/kuma/pull/4579) ([@jwhitlock](https://github.com/jwhitlock))",
                "#### mozmeao/infra",
                "- **[MDN load balancer infrastructure tests](https://github.com/mozmeao/infra/pull/664)** ([@metadave](https://github.com/metadave))",
                "- [increase threshold of failure for liveness/readiness probes](https://github.com/mozmeao/infra/pull/665) ([@escattone](https://github.com/escattone))",
            ],
            Section(Post(choices), "MDN"));

        var collapsed = Post(choices.WithSection("MDN", s => s with { Collapse = true }));
        Assert.Equal(
            [
                "#### mozilla/kuma",
                "- [1 pull request in mozilla/kuma](https://github.com/mozilla/kuma/pulls?q=is%3Apr%20is%3Amerged%20merged%3A2017-11-14..2017-12-05)",
                "#### mozmeao/infra",
                "- **[MDN load balancer infrastructure tests](https://github.com/mozmeao/infra/pull/664)** ([@metadave](https://github.com/metadave))",
                "- [and 1 more in mozmeao/infra](https://github.com/mozmeao/infra/pulls?q=is%3Apr%20is%3Amerged%20merged%3A2017-11-14..2017-12-05)",
            ],
            Section(collapsed, "MDN"));
        Assert.Contains("There were 7 PRs merged", Stats(choices.WithSection("MDN", s => s with { Collapse = true })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_collapsed_section_of_several_repositories_says_how_many_in_each_on_one_line()
    {
        var post = Post(ReportChoices.None.WithSection("MDN", s => s with { Collapse = true }).With(Pr(665), p => p with { Highlight = true }));

        Assert.Equal(
            [
                "- **[increase threshold of failure for liveness/readiness probes](https://github.com/mozmeao/infra/pull/665)** ([@escattone](https://github.com/escattone))",
                "- and 2 more: 1 in mozilla/kuma, 1 in mozmeao/infra",
            ],
            Section(post, "MDN"));
    }

    [Fact]
    public void Left_out_put_back_moved_and_labels_and_bots_chosen_for_the_window_change_sections_and_counts()
    {
        var choices = ReportChoices.None
            .With(Pr(4579), p => p with { Include = false })
            .With(Pr(670), p => p with { Include = true })
            .With(Pr(671), p => p with { Section = "SUMO" })
            .WithLabelExcluded("Bedrock", excluded: true);

        var post = Post(choices);

        Assert.DoesNotContain("/pull/4579", post, StringComparison.Ordinal);
        Assert.DoesNotContain("/pull/669", post, StringComparison.Ordinal);
        Assert.Contains("- [Bump kubectl to 1.8.4](https://github.com/mozmeao/infra/pull/670) ([@dependabot\\[bot\\]](https://github.com/apps/dependabot))", Section(post, "SRE general"));
        Assert.Contains("- [Rotate \\[staging\\] certificates](https://github.com/mozmeao/infra/pull/671) ([@jgmize](https://github.com/jgmize))", Section(post, "SUMO"));
        Assert.Contains("There were 6 PRs merged", Stats(choices), StringComparison.Ordinal);
        Assert.Contains("/pull/670", Post((choices with { ExcludeBots = false }).With(Pr(670), p => p with { Include = null })), StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_can_place_the_highlights_of_the_week_in_prose()
    {
        var choices = ReportChoices.None.With(Pr(5236), p => p with { Highlight = true });
        var report = new WeeklyReportBuilder(Options).Build(December2017.Window, December2017.Reading(), choices);

        var text = ReportRenderer.Parse("{% for pr in highlights %}{{ pr.section }}: [{{ pr.title }}]({{ pr.url }}){% endfor %}", Options.DateStyle, "test").Render(report, Options);

        Assert.Equal("Bedrock: [a local Sqlite DB and clock process in every container](https://github.com/mozilla/bedrock/pull/5236)", text);
    }

    [Fact]
    public void Choices_that_match_nothing_in_the_window_are_named_and_kept()
    {
        var (choices, _) = ReportChoicesFile.Read("""
            { "format": "opsdashboard-report-choices/1", "first_day": "2017-11-14", "last_day": "2017-12-05",
              "pull_requests": { "mozmeao/infra#999": { "include": false }, "mozmeao/infra#657": { "section": "Nope" } },
              "sections": { "Kuma": { "collapse": true } } }
            """, "test");

        var report = new WeeklyReportBuilder(Options).Build(December2017.Window, December2017.Reading(), choices);

        Assert.Equal(
            [
                "mozmeao/infra#999 is not a pull request merged in this window",
                "mozmeao/infra#657 is moved to \"Nope\", which is not a section of the report (one of \"SUMO\", \"MDN\", \"Bedrock\", \"SRE general\", \"Other\")",
                "\"Kuma\" is not a section of the report (one of \"SUMO\", \"MDN\", \"Bedrock\", \"SRE general\", \"Other\")",
            ],
            report.Curation.Problems);
        Assert.Equal(3, report.Curation.Choices.PullRequests.Count + report.Curation.Choices.Sections.Count);
        Assert.Contains(report.Sections.Single(s => s.Name == "SUMO").PullRequests, pr => pr.Number == 657);
    }

    [Fact]
    public void The_file_reads_back_what_was_written()
    {
        var choices = ReportChoices.None
            .With(Pr(657), p => p with { Highlight = true, Section = "MDN" })
            .With(Pr(670), p => p with { Include = true })
            .WithSection("MDN", s => s with { ByRepository = true, Collapse = true })
            .WithLabelExcluded("skip-changelog", excluded: true)
            .WithIntro("SUMO", "Work continues on the SUMO move to AWS.");
        choices = choices with { ExcludeBots = false };

        var text = ReportChoicesFile.Write(choices, December2017.Window);
        var (read, window) = ReportChoicesFile.Read(text, "test");

        Assert.Equal("2017-11-14..2017-12-05", window);
        Assert.Equal(text, ReportChoicesFile.Write(read, December2017.Window));
        Assert.Equal(Post(choices), Post(read));
    }

    [Theory]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\",\n  \"first_day\": \"2017-11-14\"\n  \"last_day\": \"2017-12-05\" }", "choices.json is not a report choices file at line 3: '\"' is invalid after a value. Expected either ',', '}', or ']'. Fix it there.")]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\", \"first_day\": \"2017-11-14\", \"last_day\": \"2017-12-05\",\n \"pull_requests\": { \"mozmeao/infra#657\": { \"include\": \"yes\" } } }", "choices.json is not a report choices file at line 2 ($.pull_requests['mozmeao/infra#657'].include): the value there is not what the field takes (include, highlight, by_repository, collapse and exclude_bots are true or false; names and days are \"text\"; sections, pull_requests and intros are { … }). Fix it there.")]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\", \"first_day\": \"2017-11-14\", \"last_day\": \"2017-12-05\", \"colapse\": true }", "choices.json is not a report choices file at line 1 ($.colapse): that field is not one of report choices (a file has format, first_day, last_day, exclude_labels, exclude_bots, sections, pull_requests and intros; a section by_repository and collapse; a pull request include, highlight and section). Fix it there.")]
    [InlineData("{ \"first_day\": \"2017-11-14\", \"last_day\": \"2017-12-05\" }", "choices.json is not a report choices file: its \"format\" must be \"opsdashboard-report-choices/1\" (download one from the Reports page).")]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\", \"first_day\": \"14/11/2017\", \"last_day\": \"2017-12-05\" }", "choices.json: \"first_day\" and \"last_day\" must be the window's days, as YYYY-MM-DD.")]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\", \"first_day\": \"2017-11-14\", \"last_day\": \"2017-12-05\", \"pull_requests\": { \"657\": {} } }", "choices.json: pull request \"657\" is not owner/name#number.")]
    public void A_malformed_file_is_refused_naming_where_and_what_to_fix(string text, string expected)
    {
        var ex = Assert.Throws<ReportInputException>(() => ReportChoicesFile.Read(text, "choices.json"));

        Assert.Equal(expected, ex.Message);
    }

    private static string Stats(ReportChoices choices) =>
        ReportStats.Paragraph(new WeeklyReportBuilder(Options).Build(December2017.Window, December2017.Reading(), choices), Options.DateStyle);
}
