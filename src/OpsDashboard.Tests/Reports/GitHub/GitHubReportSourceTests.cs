using Octokit;
using OpsDashboard.Reports;
using OpsDashboard.Reports.GitHub;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.GitHub;

/// <summary>The GitHub source through Octokit against a real @octokit/fixtures-server serving recorded responses.</summary>
public sealed class GitHubReportSourceTests(GitHubScenarios scenarios) : IClassFixture<GitHubScenarios>
{
    private static readonly DateTimeOffset Now = new(2017, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private readonly CancellationToken _cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task Octokit_follows_every_page_of_the_recorded_paginate_issues_scenario()
    {
        var baseUrl = await scenarios.Server.LoadAsync("paginate-issues", _cancel);
        using var source = Source(baseUrl, GitHubCache.InMemory());

        var issues = await source.GetAllAsync<Issue>(new Uri("repos/octokit-fixture-org/paginate-issues/issues?per_page=3", UriKind.Relative), _cancel);

        Assert.Equal(13, issues.Count);
        Assert.Equal(Enumerable.Range(1, 13).Reverse(), issues.Select(i => i.Number));
        Assert.Equal(5, source.Calls.Requests);
    }

    [Fact]
    public async Task The_recorded_422_of_the_errors_scenario_becomes_one_sentence_with_githubs_reason()
    {
        var baseUrl = await scenarios.Server.LoadAsync("errors", _cancel);
        using var source = Source(baseUrl, GitHubCache.InMemory());

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() =>
            source.Connection.Post<Label>(new Uri("repos/octokit-fixture-org/errors/labels", UriKind.Relative), new { name = "foo", color = "invalid" }, "application/vnd.github.v3+json", "application/json"));

        Assert.Equal("GitHub refused the request (422 Validation Failed: Label color invalid); for a search, check that every repo in Dashboard:Reports:Sections exists and the token can see it.", GitHubErrors.Describe(ex, baseUrl));
    }

    [Fact]
    public async Task A_window_is_read_page_by_page_with_one_lookup_per_author_and_a_repeat_run_is_answered_from_the_cache()
    {
        var baseUrl = await scenarios.Server.LoadAsync("report-window", _cancel);
        var cache = GitHubCache.InMemory();
        var options = GitHubScenarios.Options(baseUrl);
        var builder = new WeeklyReportBuilder(options);
        var progress = new ProgressLog();

        using var first = Source(baseUrl, cache);
        var reading = await first.ReadAsync(December2017.Window, builder.IsExcluded, progress, _cancel);
        var report = builder.Build(December2017.Window, reading);

        Assert.Equal(8, reading.PullRequests.Count);
        Assert.Equal(["jgmize", "pmac"], report.FirstTimeContributors);
        Assert.Equal(["SUMO", "MDN", "Bedrock", "SRE general"], report.Sections.Select(s => s.Name));
        Assert.EndsWith("/mozmeao/infra/pull/657", report.Sections[0].PullRequests.Single().Url, StringComparison.Ordinal);
        // 3 pages, then 4 first-time lookups for 5 authors (pages of 3 settle one author at a time here).
        Assert.Equal(new GitHubCallCount(3 + 4, 3 + 4, 0), first.Calls);
        Assert.Equal(100, progress.Reports[^1].Percent);

        using var second = Source(baseUrl, cache);
        var again = await second.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _cancel);

        Assert.Equal(reading.PullRequests.Select(p => (p.Number, p.Title, p.Author, p.MergedAt)).Order(), again.PullRequests.Select(p => (p.Number, p.Title, p.Author, p.MergedAt)).Order());
        Assert.Equal(reading.FirstTimeContributors.Order(), again.FirstTimeContributors.Order());
        Assert.Equal(new GitHubCallCount(3, 0, 3), second.Calls);
    }

    [Fact]
    public async Task A_closed_window_is_answered_from_the_cache_without_asking_until_reuse_for_has_passed()
    {
        var baseUrl = await scenarios.Server.LoadAsync("report-window", _cancel);
        var cache = GitHubCache.InMemory();
        var options = GitHubScenarios.Options(baseUrl);
        var builder = new WeeklyReportBuilder(options);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(December2017.Window.End + GitHubReportSource.SearchSettles);

        using var first = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        var reading = await first.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _cancel);
        time.Advance(options.GitHub.ReuseFor - TimeSpan.FromSeconds(1));
        using var second = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        var reused = await second.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _cancel);
        time.Advance(TimeSpan.FromSeconds(1));
        using var third = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        var revalidated = await third.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _cancel);

        Assert.Equal(new GitHubCallCount(3 + 4, 3 + 4, 0), first.Calls);
        Assert.Equal(new GitHubCallCount(0, 0, 0, 3), second.Calls);
        Assert.Contains("3 answers reused without asking", reused.Description, StringComparison.Ordinal);
        Assert.Equal(new GitHubCallCount(3, 0, 3), third.Calls);
        Assert.Equal(reading.PullRequests.Select(p => (p.Number, p.Title)).Order(), reused.PullRequests.Select(p => (p.Number, p.Title)).Order());
        Assert.Equal(reading.PullRequests.Select(p => (p.Number, p.Title)).Order(), revalidated.PullRequests.Select(p => (p.Number, p.Title)).Order());
    }

    [Fact]
    public async Task A_window_closed_less_than_the_search_settling_time_ago_is_always_asked_again()
    {
        var baseUrl = await scenarios.Server.LoadAsync("report-window", _cancel);
        var cache = GitHubCache.InMemory();
        var options = GitHubScenarios.Options(baseUrl);
        var builder = new WeeklyReportBuilder(options);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(December2017.Window.End + GitHubReportSource.SearchSettles - TimeSpan.FromSeconds(1));

        using var first = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        await first.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _cancel);
        using var second = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        await second.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _cancel);

        Assert.Equal(new GitHubCallCount(3, 0, 3), second.Calls);
    }

    [Fact]
    public async Task A_window_matching_more_than_search_returns_is_split_in_two()
    {
        var baseUrl = await scenarios.Server.LoadAsync("split-window", _cancel);
        var options = GitHubScenarios.Options(baseUrl);
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);
        var window = ReportWindow.FromDays(new DateOnly(2017, 12, 1), new DateOnly(2017, 12, 5), Now.AddDays(30));

        var reading = await source.ReadAsync(window, _ => false, new ProgressLog(), _cancel);

        Assert.Equal(["first half", "second half"], reading.PullRequests.OrderBy(p => p.Number).Select(p => p.Title));
        Assert.Empty(reading.FirstTimeContributors);
        Assert.Equal(4, source.Calls.Requests);
    }

    [Theory]
    [InlineData("unknown-repo", "mozilla/no-such-repo", "cannot be searched either because the resources do not exist")]
    [InlineData("bad-token", "mozilla/kuma", "refused the token (401 Bad credentials): check GITHUB_TOKEN")]
    [InlineData("rate-limit-spent", "mozilla/kuma", "rate limit is spent until 00:00:00 UTC")]
    public async Task Upstream_refusals_are_said_in_one_sentence(string scenario, string repo, string expected)
    {
        var baseUrl = await scenarios.Server.LoadAsync(scenario, _cancel);
        var options = GitHubScenarios.Options(baseUrl, scenario == "bad-token" ? "bad" : GitHubScenarios.Token);
        if (repo == "mozilla/no-such-repo")
        {
            options.Sections = [new() { Name = "MDN", Repos = [repo] }];
            options.GitHub.PageSize = 100;
        }

        // The spent limit resets in 2030: the source must stop at once rather than wait. The first search answers
        // (and spends the limit); the next request is the one that must not be sent.
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);
        var read = scenario == "rate-limit-spent"
            ? ReadThenSearchAgainAsync(source, December2017.Window)
            : source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), _cancel);

        var ex = await Assert.ThrowsAsync<ReportSourceException>(() => read);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spent_limit_that_resets_soon_is_waited_out_with_a_countdown()
    {
        const string query = "is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/kuma";
        var pr = new PullRequestBuilder("mozilla/kuma", 4579, "adjust liveness tests").By("jwhitlock").On(11, 28).Build();
        var reset = TimeProvider.System.GetUtcNow().AddSeconds(3);
        var recording = new GitHubRecording(GitHubScenarios.Token)
            .SearchWithLimit(query, [pr], remaining: 0, reset)
            .Search("is:pr is:merged merged:<2017-11-14 user:mozilla author:jwhitlock", [new PullRequestBuilder("mozilla/kuma", 4000, "older").By("jwhitlock").On(6, 1).Build()]);
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["limit-resets-soon"] = recording.Fixtures }, _cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("limit-resets-soon", _cancel));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        options.GitHub.PageSize = 100;
        // The source's clock starts when it first reads it, 3 s before the recorded reset: however long the fixtures
        // server took to start on a loaded machine, the source meets the spent limit 3 s before it resets.
        var clock = new StartsWhenFirstRead(reset.AddSeconds(-3));
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), clock);
        var progress = new ProgressLog();

        var reading = await source.ReadAsync(December2017.Window, _ => false, progress, _cancel);

        Assert.Equal(4579, reading.PullRequests.Single().Number);
        Assert.True(clock.GetUtcNow() >= reset.AddSeconds(-1), "the lookup after the spent limit must wait for the reset");
        Assert.Contains(progress.Reports, p => p.Message.StartsWith("GitHub's search rate limit is spent: waiting", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_month_of_four_repos_checks_first_time_contributors_in_far_fewer_searches_than_authors()
    {
        string[] repos = ["mdn/browser-compat-data", "mdn/interactive-examples", "mdn/kumascript", "mozilla/kuma"];
        var window = ReportWindow.FromDays(new DateOnly(2017, 10, 1), new DateOnly(2017, 10, 31), Now);
        var authors = Enumerable.Range(1, 71).Select(i => $"contributor{i:00}").ToList();
        var merged = Enumerable.Range(0, 350).Select(i => new PullRequestBuilder(repos[i % 4], 1000 + i, $"change {i}").By(authors[i % 71]).At(window.Start.AddHours(2 * i)).Build()).ToList();
        // Every third author's only earlier PR is in a repo the report does not cover: they are the first-time contributors.
        IReadOnlyList<MergedPullRequest> Earlier(string author) => authors.IndexOf(author) % 3 == 0
            ? [new PullRequestBuilder("mozilla/addons", 7, "elsewhere").By(author).On(3, 1).Build()]
            : [new PullRequestBuilder(repos[authors.IndexOf(author) % 4], 10, "earlier").By(author).On(3, 1).Build()];
        var query = $"is:pr is:merged merged:2017-10-01..2017-10-31 {string.Join(" ", repos.Select(r => "repo:" + r))}";
        var recording = new GitHubRecording(GitHubScenarios.Token).Search(query, merged)
            .FirstTimeLookups("is:pr is:merged merged:<2017-10-01 user:mdn user:mozilla", [.. authors.Order(StringComparer.OrdinalIgnoreCase)], Earlier, pr => repos.Contains(pr.Repo) && pr.MergedAt < window.Start);
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["month"] = recording.Fixtures }, _cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("month", _cancel));
        options.Sections = [new() { Name = "MDN", Repos = [.. repos] }];
        options.GitHub.PageSize = 100;
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);

        var reading = await source.ReadAsync(window, _ => false, new ProgressLog(), _cancel);

        Assert.Equal(350, reading.PullRequests.Count);
        Assert.Equal(authors.Where((_, i) => i % 3 == 0).Order(StringComparer.Ordinal), reading.FirstTimeContributors.Order(StringComparer.Ordinal));
        var lookups = source.Calls.Requests - 4;
        Assert.True(lookups < authors.Count / 4, $"{lookups} first-time searches for {authors.Count} authors");
    }

    [Fact]
    public async Task A_wait_for_the_rate_limit_longer_than_the_request_timeout_happens_between_requests_and_counts_down()
    {
        const string query = "is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/kuma";
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var recording = new GitHubRecording(GitHubScenarios.Token)
            .SearchWithLimit(query, [new PullRequestBuilder("mozilla/kuma", 4579, "adjust liveness tests").By("jwhitlock").On(11, 28).Build()], remaining: 0, Now.AddMinutes(10))
            .Search("is:pr is:merged merged:<2017-11-14 user:mozilla author:jwhitlock", []);
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["limit-resets-in-10-min"] = recording.Fixtures }, _cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("limit-resets-in-10-min", _cancel));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        options.GitHub.PageSize = 100;
        options.GitHub.MaxRateLimitWait = TimeSpan.FromMinutes(15);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SignallingProgress(p => p.Message.StartsWith("GitHub's search rate limit is spent: waiting 600 s", StringComparison.Ordinal), waiting);
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), time) { RequestTimeout = TimeSpan.FromSeconds(2) };

        var read = source.ReadAsync(December2017.Window, _ => false, progress, _cancel);
        await waiting.Task.WaitAsync(_cancel);
        // Real time past the request timeout while the fake clock holds the wait: a wait inside a request would be cut off here.
        await Task.Delay(TimeSpan.FromSeconds(3), _cancel);
        time.Advance(TimeSpan.FromMinutes(10));
        var reading = await read;

        Assert.Equal(4579, reading.PullRequests.Single().Number);
        Assert.Equal(["jwhitlock"], reading.FirstTimeContributors);
        Assert.Contains(progress.Reports, p => p.Message.Contains("(Dashboard:Reports:GitHub:MaxRateLimitWait allows 00:15:00)", StringComparison.Ordinal));
        Assert.DoesNotContain(progress.Reports, p => p.Message.Contains("did not answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repo_GitHub_cannot_search_stops_the_run_naming_it_among_the_others_of_its_query()
    {
        const string message = "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.";
        var recording = new GitHubRecording(GitHubScenarios.Token)
            .SearchFails("is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/kuma repo:mozilla/no-such-repo", 422, "Validation Failed", message)
            .Search("is:pr repo:mozilla/kuma", [], perPage: 1)
            .SearchFails("is:pr repo:mozilla/no-such-repo", 422, "Validation Failed", message, perPage: 1);
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["one-bad-repo"] = recording.Fixtures }, _cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("one-bad-repo", _cancel));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma", "mozilla/no-such-repo"] }];
        options.GitHub.PageSize = 100;
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);

        var ex = await Assert.ThrowsAsync<ReportSourceException>(() => source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), _cancel));

        Assert.StartsWith($"GitHub cannot search mozilla/no-such-repo (422 Validation Failed: {message}): check the repo in Dashboard:Reports:Sections:N:Repos", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mozilla/kuma", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "refused the token (401 Bad credentials): check GITHUB_TOKEN")]
    [InlineData(false, "asks for a token (401 Bad credentials) and none was sent: set GITHUB_TOKEN")]
    public void A_401_blames_the_token_only_when_one_was_sent(bool hasToken, string expected)
    {
        var refused = new AuthorizationException(new Unauthorized());

        var message = GitHubErrors.Describe(refused, new Uri("https://api.github.com/"), hasToken);

        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.Equal(hasToken, message!.Contains("refused the token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_GitHub_Enterprise_api_root_is_used_as_given()
    {
        var host = await scenarios.Server.LoadAsync("enterprise", _cancel);
        var options = GitHubScenarios.Options(new Uri(host, "api/v3"));
        options.Sections = [new() { Name = "SRE general", Repos = ["mozmeao/infra"] }];
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);

        var reading = await source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), _cancel);

        Assert.Equal(("mozmeao/infra", 657), (reading.PullRequests.Single().Repo, reading.PullRequests.Single().Number));
        Assert.EndsWith("/mozmeao/infra/pull/657", reading.PullRequests.Single().Url, StringComparison.Ordinal);
        Assert.Equal(["metadave"], reading.FirstTimeContributors);
    }

    [Fact]
    public async Task No_network_is_said_plainly()
    {
        var closed = new Uri($"http://127.0.0.1:{DashboardProcess.FreePort()}/");
        using var source = Source(closed, GitHubCache.InMemory());

        var ex = await Assert.ThrowsAsync<ReportSourceException>(() => source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), _cancel));

        Assert.StartsWith($"cannot reach GitHub at {closed}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_results_are_projected_from_the_end_of_their_address()
    {
        var issue = new Issue(
            url: "", htmlUrl: "http://127.0.0.1:3000/github.com/abc123/mozmeao/infra/pull/657", commentsUrl: "", eventsUrl: "", number: 657, state: ItemState.Closed,
            title: " Provision RDS ", body: "", closedBy: null, user: new User(null, null, null, 0, null, default, default, 0, null, 0, 0, null, null, 0, 1, null, "dependabot", null, null, 0, null, 0, 0, 0, null, null, false, null, null),
            labels: [], assignee: null, assignees: [], milestone: null, comments: 0, pullRequest: null, closedAt: Now, createdAt: Now, updatedAt: Now, id: 1, nodeId: "", locked: false,
            repository: null, reactions: null, activeLockReason: null, stateReason: null);

        var pr = GitHubReportSource.Project(issue);

        Assert.NotNull(pr);
        Assert.Equal(("mozmeao/infra", 657, "Provision RDS", Now), (pr.Repo, pr.Number, pr.Title, pr.MergedAt));
    }

    private async Task<SourceReading> ReadThenSearchAgainAsync(GitHubReportSource source, ReportWindow window)
    {
        await source.GetAsync<SearchIssuesResult>(new Uri(GitHubRecording.PagePath(GitHubScenarios.WindowQuery, 100, 1).TrimStart('/'), UriKind.Relative), _cancel);
        return await source.ReadAsync(window, _ => false, new ProgressLog(), _cancel);
    }

    private static GitHubReportSource Source(Uri baseUrl, GitHubCache cache)
    {
        var options = GitHubScenarios.Options(baseUrl);
        return new GitHubReportSource(options.Repos, options.GitHub, cache, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
    }

    /// <summary>GitHub's 401 as Octokit hands it over.</summary>
    private sealed class Unauthorized : IResponse
    {
        public object Body => "{\"message\":\"Bad credentials\"}";

        public IReadOnlyDictionary<string, string> Headers { get; } = new Dictionary<string, string>();

        public ApiInfo ApiInfo => null!;

        public System.Net.HttpStatusCode StatusCode => System.Net.HttpStatusCode.Unauthorized;

        public string ContentType => "application/json";
    }

    /// <summary>Keeps every report, and completes <paramref name="signal"/> at the first that matches.</summary>
    private sealed class SignallingProgress(Func<ReportProgress, bool> match, TaskCompletionSource signal) : IProgress<ReportProgress>
    {
        private readonly ProgressLog _log = new();

        public IReadOnlyList<ReportProgress> Reports => _log.Reports;

        public void Report(ReportProgress value)
        {
            _log.Report(value);
            if (match(value))
            {
                signal.TrySetResult();
            }
        }
    }

    /// <summary>Real time, but starting at <paramref name="start"/> on its first reading; timers are the system's.</summary>
    private sealed class StartsWhenFirstRead(DateTimeOffset start) : TimeProvider
    {
        private long _first;

        public override DateTimeOffset GetUtcNow()
        {
            var now = System.GetTimestamp();
            Interlocked.CompareExchange(ref _first, now, 0);
            return start + System.GetElapsedTime(Interlocked.Read(ref _first), now);
        }
    }
}
