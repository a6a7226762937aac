using OpsDashboard.Cli;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Reports.Git;
using OpsDashboard.Tests.Reports.GitHub;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Cli;

/// <summary><c>report</c> as cron runs it: a whole post in the folder, or a sentence and no file at all.</summary>
public sealed class ReportCommandTests(GitHubScenarios scenarios) : InfraHistoryTest, IClassFixture<GitHubScenarios>
{
    private string Posts => Dir.File("_posts");

    [Fact]
    public async Task A_post_is_written_under_the_configured_name_and_the_next_run_starts_where_it_ended()
    {
        var (exit, output, error) = await RunAsync(["--from", "2017-11-14", "--to", "2017-12-05", "--out", Posts, .. GitSettings()]);

        Assert.True(exit == 0, error);
        var post = await File.ReadAllTextAsync(Path.Combine(Posts, "2017-12-05-sre-status.md"));
        Assert.StartsWith("---\nlayout: post\ntitle: \"MozMEAO SRE Status Report - December 5, 2017\"\n", post, StringComparison.Ordinal);
        Assert.Contains("Here's what happened on the MozMEAO SRE team from November 14th - December 5th.", post, StringComparison.Ordinal);
        Assert.Contains("- [Provision a small RDS MySQL instance for SUMO dev](https://github.com/mozmeao/infra/pull/657) ([@metadave](https://github.com/metadave))", post, StringComparison.Ordinal);
        Assert.Contains("report: merged from 2017-11-14 00:00:00 UTC (inclusive) to 2017-12-06 00:00:00 UTC (exclusive)", output, StringComparison.Ordinal);
        Assert.Contains("There were 3 PRs merged", output, StringComparison.Ordinal);

        var (nextExit, nextOutput, nextError) = await RunAsync(["--to", "2017-12-12", "--out", Posts, .. GitSettings()]);

        Assert.True(nextExit == 0, nextError);
        Assert.Contains("merged from 2017-12-06 00:00:00 UTC (inclusive) to 2017-12-13 00:00:00 UTC (exclusive)", nextOutput, StringComparison.Ordinal);
        Assert.Contains("[Later work](https://github.com/mozmeao/infra/pull/700)", await File.ReadAllTextAsync(Path.Combine(Posts, "2017-12-12-sre-status.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2017-12-05", "2017-11-14", "report: the window is reversed: --from 2017-12-05 is after --to 2017-11-14.")]
    [InlineData("2017-12-21", "2017-12-28", "report: the window is empty: 2017-12-21 has not begun yet")]
    [InlineData("14/11/2017", "2017-12-05", "report: --from \"14/11/2017\" is not a date")]
    public async Task A_bad_window_is_refused_and_writes_nothing(string from, string to, string expected)
    {
        var (exit, _, error) = await RunAsync(["--from", from, "--to", to, "--out", Posts, .. GitSettings()]);

        Assert.Equal(2, exit);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Posts));
    }

    [Theory]
    [InlineData("unknown-repo", "mozilla/no-such-repo", "cannot be searched either because the resources do not exist")]
    [InlineData("bad-token", "mozilla/kuma", "refused the token (401 Bad credentials)")]
    public async Task A_source_failure_is_said_and_no_file_is_written(string scenario, string repo, string expected)
    {
        var baseUrl = await scenarios.Server.LoadAsync(scenario, Timeout.Token);
        string[] sections = repo == "mozilla/kuma"
            ? ["--Dashboard:Reports:Sections:0:Repos:0=mozilla/kitsune", "--Dashboard:Reports:Sections:1:Name=MDN", "--Dashboard:Reports:Sections:1:Repos:0=mozilla/kuma", "--Dashboard:Reports:Sections:2:Name=Bedrock", "--Dashboard:Reports:Sections:2:Repos:0=mozilla/bedrock", "--Dashboard:Reports:Sections:3:Name=Infra", "--Dashboard:Reports:Sections:3:Repos:0=mozmeao/infra", "--Dashboard:Reports:GitHub:PageSize=3"]
            : [$"--Dashboard:Reports:Sections:0:Repos:0={repo}"];

        var (exit, _, error) = await RunAsync(["--from", "2017-11-14", "--to", "2017-12-05", "--out", Posts, .. GitHubSettings(baseUrl, scenario == "bad-token" ? "bad" : GitHubScenarios.Token), .. sections]);

        Assert.Equal(1, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.EndsWith("No file was written.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Posts, "2017-12-05-sre-status.md")));
    }

    [Fact]
    public async Task No_network_is_said_and_no_file_is_written()
    {
        var closed = new Uri($"http://127.0.0.1:{DashboardProcess.FreePort()}/");

        var (exit, _, error) = await RunAsync(["--from", "2017-11-14", "--to", "2017-12-05", "--out", Posts, .. GitHubSettings(closed, GitHubScenarios.Token), "--Dashboard:Reports:Sections:0:Repos:0=mozilla/kuma"]);

        Assert.Equal(1, exit);
        Assert.Contains($"report: cannot reach GitHub at {closed}", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Posts) && Directory.EnumerateFileSystemEntries(Posts).Any());
    }

    [Fact]
    public async Task The_weeks_incidents_come_from_the_apps_history_as_on_the_page()
    {
        var history = new OpsDashboard.History.SqliteHistoryLocation(Dir.File("history.db"));
        var from = new DateTimeOffset(2017, 11, 20, 0, 32, 0, TimeSpan.Zero);
        await using (var store = await history.OpenWriterAsync(Timeout.Token))
        {
            await store.UpsertEventsAsync(
            [
                new TimelineEvent(TimelineEvent.IdOf("state/tokyo"), from, TimelineKind.TileState, TileStates.SeverityOf(TileStatus.Critical),
                    new PanelKey(PodsPanel.Kind, "tokyo", "tokyo"), null, null, "OK → CRITICAL", "Kubernetes API unreachable")
                {
                    Until = from.AddMinutes(12),
                    State = TileStatus.Critical,
                },
            ], Timeout.Token);
        }

        var (exit, _, error) = await RunAsync(["--from", "2017-11-14", "--to", "2017-12-05", "--out", Posts, $"--Dashboard:History:Path={Dir.File("history.db")}", "--Dashboard:Reports:DashboardUrl=https://ops.example.com", .. GitSettings()]);

        Assert.True(exit == 0, error);
        var lines = (await File.ReadAllTextAsync(Path.Combine(Posts, "2017-12-05-sre-status.md"))).Split('\n');
        Assert.Contains("## Incidents", lines);
        Assert.Contains("- [tokyo: Kubernetes API unreachable, 12 min, Nov 20 00:32–00:44 UTC](https://ops.example.com/timeline?from=2017-11-20T00%3A32%3A00Z&to=2017-11-20T00%3A44%3A00Z&cluster=tokyo)", lines);

        var (_, _, without) = await RunAsync(["--from", "2017-11-14", "--to", "2017-12-05", "--out", Posts, $"--Dashboard:History:Path={Dir.File("none.db")}", .. GitSettings()]);
        Assert.Contains("report: no incidents in this post", without, StringComparison.Ordinal);
        Assert.DoesNotContain("## Incidents", await File.ReadAllTextAsync(Path.Combine(Posts, "2017-12-05-sre-status.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_weeks_figures_come_from_the_apps_history_and_a_week_without_samples_has_none()
    {
        var history = new OpsDashboard.History.SqliteHistoryLocation(Dir.File("history.db"));
        await WeekOfFigures.WriteAsync(history, Timeout.Token);

        var (exit, _, error) = await RunAsync(["--from", "2017-11-29", "--to", "2017-12-05", "--out", Posts, $"--Dashboard:History:Path={Dir.File("history.db")}", .. GitSettings()]);
        var (emptyExit, _, emptyError) = await RunAsync(["--from", "2017-11-01", "--to", "2017-11-07", "--out", Posts, $"--Dashboard:History:Path={Dir.File("history.db")}", .. GitSettings()]);

        Assert.True(exit == 0, error);
        var lines = (await File.ReadAllTextAsync(Path.Combine(Posts, "2017-12-05-sre-status.md"))).Split('\n');
        var heading = Array.IndexOf(lines, "## Figures of the week");
        Assert.True(heading > 0, string.Join('\n', lines));
        Assert.Equal(WeekOfFigures.Lines.Select(l => $"- {l}"), lines.Skip(heading + 2).Take(WeekOfFigures.Lines.Length));
        Assert.True(emptyExit == 0, emptyError);
        Assert.DoesNotContain("Figures of the week", await File.ReadAllTextAsync(Path.Combine(Posts, "2017-11-07-sre-status.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\", \"first_day\": \"2017-11-14\", \"last_day\": \"2017-12-05\", \"pull_requests\": { \"mozmeao/infra#999\": { \"highlight\": true } } }",
        "report: the choices do not fit this window: mozmeao/infra#999 is not a pull request merged in this window. Fix or remove them in the choices file. No file was written.")]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\", \"first_day\": \"2017-11-14\", \"last_day\": \"2017-12-05\",\n \"sections\": { \"SRE general\": { \"collapse\": true } ", "is not a report choices file at line 2")]
    [InlineData("{ \"format\": \"opsdashboard-report-choices/1\", \"first_day\": \"2017-11-21\", \"last_day\": \"2017-12-05\" }",
        "is for 2017-11-21..2017-12-05, not for this report's 2017-11-14..2017-12-05: give the --from and --to it was made for")]
    public async Task A_choices_file_that_does_not_fit_is_refused_naming_what_to_fix_and_nothing_is_written_or_moved(string choices, string expected)
    {
        var file = Dir.File("choices.json");
        await File.WriteAllTextAsync(file, choices);

        var (exit, _, error) = await RunAsync(["--from", "2017-11-14", "--to", "2017-12-05", "--out", Posts, "--choices", file, .. GitSettings()]);

        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains($"--choices {file}", error.Contains("do not fit", StringComparison.Ordinal) ? $"--choices {file}" : error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Posts));
        Assert.False(File.Exists(Dir.File("state.json")), "the next run's start must not move past a window whose post was not written");
        Assert.Equal(choices, await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Bad_settings_are_listed_with_their_keys()
    {
        var (exit, _, error) = await RunAsync(["--from", "2017-11-14", "--Dashboard:Reports:Sections:0:Name=SUMO", "--Dashboard:Reports:Sections:0:Repos:0=not a repo", "--Dashboard:Reports:GitHub:PageSize=500"]);

        Assert.Equal(2, exit);
        Assert.Contains("Dashboard:Reports:Sections:0:Repos: \"not a repo\" is not owner/name", error, StringComparison.Ordinal);
        Assert.Contains("Dashboard:Reports:GitHub:PageSize must be between 1 and 100", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_dispatches_the_report_command()
    {
        var (exit, output) = await DashboardProcess.RunToExitAsync(["report", "--from", "2017-12-05", "--to", "2017-11-14", .. GitSettings()], Timeout.Token);

        Assert.Equal(2, exit);
        Assert.Contains("report: the window is reversed", output, StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ReportCommand.RunAsync(args, output, error, Clock, Timeout.Token);
        return (exit, output.ToString(), error.ToString());
    }

    private string[] Common() =>
    [
        "--Dashboard:Reports:Team=MozMEAO SRE",
        "--Dashboard:Reports:Author=Dave Parfitt",
        "--Dashboard:Reports:Sections:0:Name=SRE general",
        $"--Dashboard:Reports:StatePath={Dir.File("state.json")}",
    ];

    private string[] GitSettings() =>
    [
        .. Common(),
        "--Dashboard:Reports:Source=Git",
        "--Dashboard:Reports:Sections:0:Repos:0=mozmeao/infra",
        "--Dashboard:Reports:Git:Repositories:0:Repo=mozmeao/infra",
        $"--Dashboard:Reports:Git:Repositories:0:Path={Repo.Path}",
    ];

    private string[] GitHubSettings(Uri baseUrl, string token) =>
    [
        .. Common(),
        $"--Dashboard:Reports:GitHub:BaseUrl={baseUrl}",
        $"--Dashboard:Reports:GitHub:Token={token}",
        $"--Dashboard:Reports:GitHub:CachePath={Dir.File("github-cache.json")}",
    ];
}
