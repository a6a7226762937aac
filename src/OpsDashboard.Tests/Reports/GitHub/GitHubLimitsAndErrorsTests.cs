using Octokit;
using OpsDashboard.Reports;
using OpsDashboard.Reports.GitHub;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.GitHub;

/// <summary>The GitHub source at GitHub's limits and refusals (rate limits waited out, errors in one sentence), against the fixtures server.</summary>
public sealed class GitHubLimitsAndErrorsTests(GitHubScenarios scenarios) : GitHubSourceTest(scenarios)
{
    [Fact]
    public async Task Octokit_follows_every_page_of_the_recorded_paginate_issues_scenario()
    {
        var baseUrl = await Scenarios.Server.LoadAsync("paginate-issues", Cancel);
        using var source = Source(baseUrl, GitHubCache.InMemory());

        var issues = await source.GetAllAsync<Issue>(new Uri("repos/octokit-fixture-org/paginate-issues/issues?per_page=3", UriKind.Relative), Cancel);

        Assert.Equal(13, issues.Count);
        Assert.Equal(Enumerable.Range(1, 13).Reverse(), issues.Select(i => i.Number));
        Assert.Equal(5, source.Calls.Requests);
    }

    [Fact]
    public async Task The_recorded_422_of_the_errors_scenario_becomes_one_sentence_with_githubs_reason()
    {
        var baseUrl = await Scenarios.Server.LoadAsync("errors", Cancel);
        using var source = Source(baseUrl, GitHubCache.InMemory());

        var ex = await Assert.ThrowsAsync<ApiValidationException>(() =>
            source.Connection.Post<Label>(new Uri("repos/octokit-fixture-org/errors/labels", UriKind.Relative), new { name = "foo", color = "invalid" }, "application/vnd.github.v3+json", "application/json"));

        Assert.Equal("GitHub refused the request (422 Validation Failed: Label color invalid); for a search, check that every repo in Dashboard:Reports:Sections exists and the token can see it.", GitHubErrors.Describe(ex, baseUrl));
    }
    [Theory]
    [InlineData("unknown-repo", "mozilla/no-such-repo", "cannot be searched either because the resources do not exist")]
    [InlineData("bad-token", "mozilla/kuma", "refused the token (401 Bad credentials): check GITHUB_TOKEN")]
    [InlineData("rate-limit-spent", "mozilla/kuma", "rate limit is spent until 00:00:00 UTC")]
    public async Task Upstream_refusals_are_said_in_one_sentence(string scenario, string repo, string expected)
    {
        var baseUrl = await Scenarios.Server.LoadAsync(scenario, Cancel);
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
            : source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), Cancel);

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
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["limit-resets-soon"] = recording.Fixtures }, Cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("limit-resets-soon", Cancel));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        options.GitHub.PageSize = 100;
        // The source's clock starts when it first reads it, 3 s before the recorded reset: however long the fixtures
        // server took to start on a loaded machine, the source meets the spent limit 3 s before it resets.
        var clock = new StartsWhenFirstRead(reset.AddSeconds(-3));
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), clock);
        var progress = new ProgressLog();

        var reading = await source.ReadAsync(December2017.Window, _ => false, progress, Cancel);

        Assert.Equal(4579, reading.PullRequests.Single().Number);
        Assert.True(clock.GetUtcNow() >= reset.AddSeconds(-1), "the lookup after the spent limit must wait for the reset");
        Assert.Contains(progress.Reports, p => p.Message.StartsWith("GitHub's search rate limit is spent: waiting", StringComparison.Ordinal));
    }
    [Fact]
    public async Task A_wait_for_the_rate_limit_longer_than_the_request_timeout_happens_between_requests_and_counts_down()
    {
        const string query = "is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/kuma";
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var recording = new GitHubRecording(GitHubScenarios.Token)
            .SearchWithLimit(query, [new PullRequestBuilder("mozilla/kuma", 4579, "adjust liveness tests").By("jwhitlock").On(11, 28).Build()], remaining: 0, Now.AddMinutes(10))
            .Search("is:pr is:merged merged:<2017-11-14 user:mozilla author:jwhitlock", []);
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["limit-resets-in-10-min"] = recording.Fixtures }, Cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("limit-resets-in-10-min", Cancel));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        options.GitHub.PageSize = 100;
        options.GitHub.MaxRateLimitWait = TimeSpan.FromMinutes(15);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var progress = new SignallingProgress(p => p.Message.StartsWith("GitHub's search rate limit is spent: waiting 600 s", StringComparison.Ordinal), waiting);
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), time) { RequestTimeout = TimeSpan.FromSeconds(2) };

        var read = source.ReadAsync(December2017.Window, _ => false, progress, Cancel);
        await waiting.Task.WaitAsync(Cancel);
        // Real time past the request timeout while the fake clock holds the wait: a wait inside a request would be cut off here.
        await Task.Delay(TimeSpan.FromSeconds(3), Cancel);
        time.Advance(TimeSpan.FromMinutes(10));
        var reading = await read;

        Assert.Equal(4579, reading.PullRequests.Single().Number);
        Assert.Equal(["jwhitlock"], reading.FirstTimeContributors);
        Assert.Contains(progress.Reports, p => p.Message.Contains("(Dashboard:Reports:GitHub:MaxRateLimitWait allows 00:15:00)", StringComparison.Ordinal));
        Assert.DoesNotContain(progress.Reports, p => p.Message.Contains("did not answer", StringComparison.Ordinal));
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
        var host = await Scenarios.Server.LoadAsync("enterprise", Cancel);
        var options = GitHubScenarios.Options(new Uri(host, "api/v3"));
        options.Sections = [new() { Name = "SRE general", Repos = ["mozmeao/infra"] }];
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);

        var reading = await source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), Cancel);

        Assert.Equal(("mozmeao/infra", 657), (reading.PullRequests.Single().Repo, reading.PullRequests.Single().Number));
        Assert.EndsWith("/mozmeao/infra/pull/657", reading.PullRequests.Single().Url, StringComparison.Ordinal);
        Assert.Equal(["metadave"], reading.FirstTimeContributors);
    }

    [Fact]
    public async Task No_network_is_said_plainly()
    {
        var closed = new Uri($"http://127.0.0.1:{DashboardProcess.FreePort()}/");
        using var source = Source(closed, GitHubCache.InMemory());

        var ex = await Assert.ThrowsAsync<ReportSourceException>(() => source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), Cancel));

        Assert.StartsWith($"cannot reach GitHub at {closed}", ex.Message, StringComparison.Ordinal);
    }

    private async Task<SourceReading> ReadThenSearchAgainAsync(GitHubReportSource source, ReportWindow window)
    {
        await source.GetAsync<SearchIssuesResult>(new Uri(GitHubRecording.PagePath(GitHubScenarios.WindowQuery, 100, 1).TrimStart('/'), UriKind.Relative), Cancel);
        return await source.ReadAsync(window, _ => false, new ProgressLog(), Cancel);
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
