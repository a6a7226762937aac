using System.Text.Json.Nodes;
using OpsDashboard.Reports;
using OpsDashboard.Reports.Git;
using OpsDashboard.Reports.GitHub;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.GitHub;
using OpsDashboard.Tests.Reports.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.Git;

/// <summary>
/// The git source asking GitHub's commit API for the logins no address or map gives, against a fixtures server whose
/// recordings name this repository's own commits: once per address (the cache answers after), at the limit it stops asking.
/// </summary>
public sealed class CommitLoginsTests : IAsyncLifetime
{
    private const string Repo = "mozmeao/infra";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private GitRepository _repo = null!;
    private FixturesServer _server = null!;
    private string _tip = "";
    private string _docs = "";

    public async Task InitializeAsync()
    {
        _repo = await GitRepository.InitAsync(_timeout.Token);
        await _repo.CommitAsync("Compat data for <template> (#666)", "Daniel D. Beck <daniel@example.com>", new DateTimeOffset(2017, 11, 21, 12, 0, 0, TimeSpan.Zero), _timeout.Token);
        await _repo.CommitAsync("Docs (#667)", "Florian Scholz <fs@example.org>", new DateTimeOffset(2017, 11, 22, 12, 0, 0, TimeSpan.Zero), _timeout.Token);
        _docs = await _repo.ShaAsync("HEAD", _timeout.Token);
        await _repo.MergePullRequestAsync(668, "mozmeao/branch", "Inside branch", "Daniel D. Beck <DANIEL@example.com>", new DateTimeOffset(2017, 11, 23, 12, 0, 0, TimeSpan.Zero), _timeout.Token);
        _tip = await _repo.ShaAsync("HEAD^2", _timeout.Token);
        await _repo.CommitAsync("Mapped (#669)", "Jon Smith <jon@example.com>", new DateTimeOffset(2017, 11, 24, 12, 0, 0, TimeSpan.Zero), _timeout.Token);

        // In the order the source asks: branch tips first, then squash commits newest first (669 is mapped, 666's address was learnt from 668's tip).
        _server = await FixturesServer.StartAsync(new Dictionary<string, JsonArray>
        {
            ["commit-logins"] = new GitHubRecording(GitHubScenarios.Token).Commit(Repo, _tip, "ddbeck").Commit(Repo, _docs, login: null).Commit(Repo, _docs, login: null, conditional: true).Fixtures,
            ["commit-limit"] = new GitHubRecording(GitHubScenarios.Token).CommitFails(Repo, _tip, 403, "API rate limit exceeded for user ID 1.", 0, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)).Fixtures,
        }, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _repo.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Authors_no_address_or_map_names_get_their_login_from_the_commit_api_once_per_address_and_the_cache_answers_the_next_run()
    {
        var options = await OptionsAsync("commit-logins");
        var cache = GitHubCache.InMemory();
        var builder = new WeeklyReportBuilder(options);

        var (first, firstCalls) = await ReadAsync(options, cache);
        var (second, secondCalls) = await ReadAsync(options, cache);

        var expected = new[] { (666, "ddbeck"), (667, "Florian Scholz"), (668, "ddbeck"), (669, "jsmith") };
        Assert.Equal(expected, first.PullRequests.OrderBy(p => p.Number).Select(p => (p.Number, p.Author)));
        Assert.Equal(expected, second.PullRequests.OrderBy(p => p.Number).Select(p => (p.Number, p.Author)));
        Assert.Equal(new GitHubCallCount(2, 2, 0), firstCalls);
        // ddbeck from the cache without asking; the address GitHub links to no account asked again, answered 304.
        Assert.Equal(new GitHubCallCount(1, 0, 1), secondCalls);
        Assert.Equal("ddbeck", cache.CommitLogin(new Uri(options.GitHub.BaseUrl).Host, "daniel@example.com"));
        Assert.EndsWith("; 2 e-mail addresses looked up with GitHub's commit API", first.Description, StringComparison.Ordinal);
        var post = ReportRenderer.Default(options.DateStyle).Render(builder.Build(December2017.Window, first), options);
        Assert.Contains("([@ddbeck](https://github.com/ddbeck))", post, StringComparison.Ordinal);
        Assert.Contains("(Florian Scholz)", post, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spent_limit_that_outlasts_the_wait_stops_the_lookups_not_the_report_and_says_so()
    {
        var options = await OptionsAsync("commit-limit");

        var (reading, calls) = await ReadAsync(options, GitHubCache.InMemory());

        Assert.Equal([(666, "Daniel D. Beck"), (667, "Florian Scholz"), (668, "Daniel D. Beck"), (669, "jsmith")], reading.PullRequests.OrderBy(p => p.Number).Select(p => (p.Number, p.Author)));
        Assert.Equal(1, calls.Requests);
        Assert.Contains("1 e-mail addresses looked up with GitHub's commit API, then stopped: GitHub's core rate limit is spent until", reading.Description, StringComparison.Ordinal);
    }

    private async Task<ReportOptions> OptionsAsync(string scenario)
    {
        var options = InfraHistory.Options(_repo.Path);
        options.Git.Logins = new(StringComparer.OrdinalIgnoreCase) { ["jon@example.com"] = "jsmith" };
        options.GitHub = new GitHubReportOptions { BaseUrl = (await _server.LoadAsync(scenario, _timeout.Token)).ToString(), Token = GitHubScenarios.Token };
        return options;
    }

    private async Task<(SourceReading Reading, GitHubCallCount Calls)> ReadAsync(ReportOptions options, GitHubCache cache)
    {
        using var api = CommitLogins.ApiWithToken(options.GitHub, cache, TimeProvider.System) ?? throw new InvalidOperationException("a token is configured");
        var reading = await new GitReportSource(options.Git, options.Repos, new CommitLogins(api, cache)).ReadAsync(December2017.Window, _ => false, new ProgressLog(), _timeout.Token);
        return (reading, api.Calls);
    }
}
