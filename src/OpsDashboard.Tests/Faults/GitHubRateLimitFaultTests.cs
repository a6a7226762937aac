using System.Text.Json.Nodes;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using OpsDashboard.Cli;
using OpsDashboard.Reports;
using OpsDashboard.Reports.GitHub;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.GitHub;
using OpsDashboard.Tests.Reports.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// GitHub's rate limits, recorded in @octokit/fixtures' nock format and served by the real fixtures server with GitHub's
/// headers (x-ratelimit-*, retry-after) and error bodies, through the report as cron runs it: one sentence saying what
/// GitHub said and when to retry, exit 1, and no post or state file written; the reports page shows the same sentence and no report.
/// </summary>
public sealed class GitHubRateLimitFaultTests : IAsyncLifetime
{
    private const string Query = "is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/kuma";
    private const string RateLimitDocs = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api";
    private const string PrimaryMessage = "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID D4F2:3B8C:1A2B3C:1D2E3F:5A2B3C4D.";
    private const string SecondaryMessage = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID D4F2:3B8C:1A2B3C:1D2E3F:5A2B3C4E.";
    private static readonly DateTimeOffset Now = new(2017, 12, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private FixturesServer _github = null!;

    public async Task InitializeAsync()
    {
        var pr = new PullRequestBuilder("mozilla/kuma", 4579, "adjust liveness tests").By("jwhitlock").On(11, 28).Build();
        var scenarios = new Dictionary<string, JsonArray>
        {
            ["primary-403"] = new GitHubRecording(GitHubScenarios.Token)
                .SearchFails(Query, 403, PrimaryMessage, remaining: 0, reset: Now.AddMinutes(40), documentationUrl: RateLimitDocs + "#about-primary-rate-limits").Fixtures,
            ["secondary-429"] = new GitHubRecording(GitHubScenarios.Token)
                .SearchFails(Query, 429, SecondaryMessage, remaining: 27, reset: Now.AddMinutes(50), retryAfter: TimeSpan.FromMinutes(10), documentationUrl: RateLimitDocs + "#about-secondary-rate-limits").Fixtures,
            ["secondary-429-no-retry-after"] = new GitHubRecording(GitHubScenarios.Token)
                .SearchFails(Query, 429, SecondaryMessage, remaining: 27, reset: Now.AddMinutes(50), documentationUrl: RateLimitDocs + "#about-secondary-rate-limits").Fixtures,
            ["secondary-403-no-retry-after"] = new GitHubRecording(GitHubScenarios.Token)
                .SearchFails(Query, 403, SecondaryMessage, remaining: 27, reset: Now.AddMinutes(50), documentationUrl: RateLimitDocs + "#about-secondary-rate-limits").Fixtures,
            ["ok-then-primary-403"] = new GitHubRecording(GitHubScenarios.Token)
                .Search(Query, [pr])
                .Search("is:pr is:merged merged:<2017-11-14 user:mozilla author:jwhitlock", [])
                .SearchFails(Query, 403, PrimaryMessage, remaining: 0, reset: Now.AddMinutes(40), documentationUrl: RateLimitDocs + "#about-primary-rate-limits").Fixtures,
            ["secondary-429-then-ok"] = new GitHubRecording(GitHubScenarios.Token)
                .SearchFails(Query, 429, SecondaryMessage, remaining: 27, reset: Now.AddMinutes(50), retryAfter: TimeSpan.FromSeconds(1), documentationUrl: RateLimitDocs + "#about-secondary-rate-limits")
                .Search(Query, [pr])
                .Search("is:pr is:merged merged:<2017-11-14 user:mozilla author:jwhitlock", [new PullRequestBuilder("mozilla/kuma", 4000, "older").By("jwhitlock").On(6, 1).Build()]).Fixtures,
        };
        _github = await FixturesServer.StartAsync(scenarios, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        _dir.Dispose();
        _timeout.Dispose();
    }

    [Theory]
    [InlineData("primary-403", $"report: GitHub's search rate limit is spent until 09:40:00 UTC (40 min from now), longer than Dashboard:Reports:GitHub:MaxRateLimitWait (00:02:00); run again after the reset, or with a token (GITHUB_TOKEN) for a higher limit. GitHub said: 403 \"{PrimaryMessage}\". No file was written.")]
    [InlineData("secondary-429", $"report: GitHub's secondary rate limit refused the search request (429 \"{SecondaryMessage}\"): it asks to retry after 09:10:00 UTC (10 min from now), longer than Dashboard:Reports:GitHub:MaxRateLimitWait (00:02:00); run again after then. No file was written.")]
    [InlineData("secondary-429-no-retry-after", $"report: GitHub's secondary rate limit stopped the run (429 \"{SecondaryMessage}\"): too many requests too fast; wait a few minutes before running again. No file was written.")]
    [InlineData("secondary-403-no-retry-after", $"report: GitHub's secondary rate limit stopped the run (403 \"{SecondaryMessage}\"): too many requests too fast; wait a few minutes before running again. No file was written.")]
    public async Task A_rate_limit_that_outlasts_the_wait_is_said_with_githubs_words_and_when_to_retry_and_no_file_is_written(string scenario, string expected)
    {
        var baseUrl = await _github.LoadAsync(scenario, _timeout.Token);
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ReportCommand.RunAsync(
            [
                "--from", "2017-11-14", "--to", "2017-12-05", "--out", _dir.File("_posts"),
                "--Dashboard:Reports:Team=MozMEAO SRE", "--Dashboard:Reports:Author=Dave Parfitt",
                "--Dashboard:Reports:Sections:0:Name=MDN", "--Dashboard:Reports:Sections:0:Repos:0=mozilla/kuma",
                $"--Dashboard:Reports:StatePath={_dir.File("state.json")}",
                $"--Dashboard:Reports:GitHub:BaseUrl={baseUrl}", $"--Dashboard:Reports:GitHub:Token={GitHubScenarios.Token}",
                $"--Dashboard:Reports:GitHub:CachePath={_dir.File("github-cache.json")}",
            ],
            output,
            error,
            new FakeTimeProvider(Now),
            _timeout.Token);

        Assert.Equal(1, exit);
        Assert.Equal(expected, error.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
        Assert.False(Directory.Exists(_dir.File("_posts")) && Directory.EnumerateFileSystemEntries(_dir.File("_posts")).Any(), "no post, not even a partial one");
        Assert.False(File.Exists(_dir.File("state.json")), "the next run must start where this one did");
    }

    [Fact]
    public async Task The_reports_page_says_the_same_and_leaves_no_earlier_report_to_download_as_if_it_were_this_runs()
    {
        var options = GitHubScenarios.Options(await _github.LoadAsync("ok-then-primary-403", _timeout.Token));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        options.GitHub.PageSize = 100;
        options.GitHub.CachePath = _dir.File("github-cache.json");
        options.StatePath = _dir.File("state.json");
        // The second run must ask GitHub again, not reuse the first run's answers for the closed window.
        options.GitHub.ReuseFor = TimeSpan.Zero;
        using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(new ReportGenerator(Options.Create(options), new FakeTimeProvider(Now)));
        context.Services.AddSingleton(new OpsDashboard.Reports.Curation.ReportChoiceBook(null, TimeProvider.System));
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var page = context.Render<ReportsPage>();
        page.Find("input[data-field=from]").Change("2017-11-14");
        page.Find("input[data-field=to]").Change("2017-12-05");

        page.Find("button[data-action=generate]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-action=download]")), TimeSpan.FromSeconds(30));
        page.Find("button[data-action=generate]").Click();

        page.WaitForAssertion(() => Assert.Equal(
            $"GitHub's search rate limit is spent until 09:40:00 UTC (40 min from now), longer than Dashboard:Reports:GitHub:MaxRateLimitWait (00:02:00); run again after the reset, or with a token (GITHUB_TOKEN) for a higher limit. GitHub said: 403 \"{PrimaryMessage}\".",
            page.Find("[data-report-error]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("[data-action=download]"));
        Assert.Empty(page.FindAll("[data-markdown]"));
    }

    [Fact]
    public async Task A_secondary_limit_asking_for_a_short_wait_is_waited_out_with_a_countdown_and_the_search_retried()
    {
        var options = GitHubScenarios.Options(await _github.LoadAsync("secondary-429-then-ok", _timeout.Token));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        options.GitHub.PageSize = 100;
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);
        var progress = new ProgressLog();

        var reading = await source.ReadAsync(December2017.Window, _ => false, progress, _timeout.Token);

        Assert.Equal(4579, reading.PullRequests.Single().Number);
        Assert.Contains(progress.Reports, p => p.Message.StartsWith("GitHub's secondary rate limit asked to wait 1 s", StringComparison.Ordinal));
    }
}
