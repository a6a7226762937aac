using Octokit;
using OpsDashboard.Reports;
using OpsDashboard.Reports.GitHub;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.GitHub;

/// <summary>The GitHub source through Octokit against a real @octokit/fixtures-server serving recorded responses: windows, the cache, first-time contributors.</summary>
public sealed class GitHubReportSourceTests(GitHubScenarios scenarios) : GitHubSourceTest(scenarios)
{
    [Fact]
    public async Task A_window_is_read_page_by_page_with_one_lookup_per_author_and_a_repeat_run_is_answered_from_the_cache()
    {
        var baseUrl = await Scenarios.Server.LoadAsync("report-window", Cancel);
        var cache = GitHubCache.InMemory();
        var options = GitHubScenarios.Options(baseUrl);
        var builder = new WeeklyReportBuilder(options);
        var progress = new ProgressLog();

        using var first = Source(baseUrl, cache);
        var reading = await first.ReadAsync(December2017.Window, builder.IsExcluded, progress, Cancel);
        var report = builder.Build(December2017.Window, reading);

        Assert.Equal(8, reading.PullRequests.Count);
        Assert.Equal(["jgmize", "pmac"], report.FirstTimeContributors);
        Assert.Equal(["SUMO", "MDN", "Bedrock", "SRE general"], report.Sections.Select(s => s.Name));
        Assert.EndsWith("/mozmeao/infra/pull/657", report.Sections[0].PullRequests.Single().Url, StringComparison.Ordinal);
        // 3 pages, then 4 first-time lookups for 5 authors (pages of 3 settle one author at a time here).
        Assert.Equal(new GitHubCallCount(3 + 4, 3 + 4, 0), first.Calls);
        Assert.Equal(100, progress.Reports[^1].Percent);

        using var second = Source(baseUrl, cache);
        var again = await second.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), Cancel);

        Assert.Equal(reading.PullRequests.Select(p => (p.Number, p.Title, p.Author, p.MergedAt)).Order(), again.PullRequests.Select(p => (p.Number, p.Title, p.Author, p.MergedAt)).Order());
        Assert.Equal(reading.FirstTimeContributors.Order(), again.FirstTimeContributors.Order());
        Assert.Equal(new GitHubCallCount(3, 0, 3), second.Calls);
    }

    [Fact]
    public async Task A_closed_window_is_answered_from_the_cache_without_asking_until_reuse_for_has_passed()
    {
        var baseUrl = await Scenarios.Server.LoadAsync("report-window", Cancel);
        var cache = GitHubCache.InMemory();
        var options = GitHubScenarios.Options(baseUrl);
        var builder = new WeeklyReportBuilder(options);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(December2017.Window.End + GitHubReportSource.SearchSettles);

        using var first = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        var reading = await first.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), Cancel);
        time.Advance(options.GitHub.ReuseFor - TimeSpan.FromSeconds(1));
        using var second = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        var reused = await second.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), Cancel);
        time.Advance(TimeSpan.FromSeconds(1));
        using var third = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        var revalidated = await third.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), Cancel);

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
        var baseUrl = await Scenarios.Server.LoadAsync("report-window", Cancel);
        var cache = GitHubCache.InMemory();
        var options = GitHubScenarios.Options(baseUrl);
        var builder = new WeeklyReportBuilder(options);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(December2017.Window.End + GitHubReportSource.SearchSettles - TimeSpan.FromSeconds(1));

        using var first = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        await first.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), Cancel);
        using var second = new GitHubReportSource(options.Repos, options.GitHub, cache, time);
        await second.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), Cancel);

        Assert.Equal(new GitHubCallCount(3, 0, 3), second.Calls);
    }

    [Fact]
    public async Task A_window_matching_more_than_search_returns_is_split_in_two()
    {
        var baseUrl = await Scenarios.Server.LoadAsync("split-window", Cancel);
        var options = GitHubScenarios.Options(baseUrl);
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma"] }];
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);
        var window = ReportWindow.FromDays(new DateOnly(2017, 12, 1), new DateOnly(2017, 12, 5), Now.AddDays(30));

        var reading = await source.ReadAsync(window, _ => false, new ProgressLog(), Cancel);

        Assert.Equal(["first half", "second half"], reading.PullRequests.OrderBy(p => p.Number).Select(p => p.Title));
        Assert.Empty(reading.FirstTimeContributors);
        Assert.Equal(4, source.Calls.Requests);
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
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["month"] = recording.Fixtures }, Cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("month", Cancel));
        options.Sections = [new() { Name = "MDN", Repos = [.. repos] }];
        options.GitHub.PageSize = 100;
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);

        var reading = await source.ReadAsync(window, _ => false, new ProgressLog(), Cancel);

        Assert.Equal(350, reading.PullRequests.Count);
        Assert.Equal(authors.Where((_, i) => i % 3 == 0).Order(StringComparer.Ordinal), reading.FirstTimeContributors.Order(StringComparer.Ordinal));
        var lookups = source.Calls.Requests - 4;
        Assert.True(lookups < authors.Count / 4, $"{lookups} first-time searches for {authors.Count} authors");
    }
    [Fact]
    public async Task A_repo_GitHub_cannot_search_stops_the_run_naming_it_among_the_others_of_its_query()
    {
        const string message = "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.";
        var recording = new GitHubRecording(GitHubScenarios.Token)
            .SearchFails("is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/kuma repo:mozilla/no-such-repo", 422, "Validation Failed", message)
            .Search("is:pr repo:mozilla/kuma", [], perPage: 1)
            .SearchFails("is:pr repo:mozilla/no-such-repo", 422, "Validation Failed", message, perPage: 1);
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, System.Text.Json.Nodes.JsonArray> { ["one-bad-repo"] = recording.Fixtures }, Cancel);
        var options = GitHubScenarios.Options(await server.LoadAsync("one-bad-repo", Cancel));
        options.Sections = [new() { Name = "MDN", Repos = ["mozilla/kuma", "mozilla/no-such-repo"] }];
        options.GitHub.PageSize = 100;
        using var source = new GitHubReportSource(options.Repos, options.GitHub, GitHubCache.InMemory(), TimeProvider.System);

        var ex = await Assert.ThrowsAsync<ReportSourceException>(() => source.ReadAsync(December2017.Window, _ => false, new ProgressLog(), Cancel));

        Assert.StartsWith($"GitHub cannot search mozilla/no-such-repo (422 Validation Failed: {message}): check the repo in Dashboard:Reports:Sections:N:Repos", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mozilla/kuma", ex.Message, StringComparison.Ordinal);
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
}
