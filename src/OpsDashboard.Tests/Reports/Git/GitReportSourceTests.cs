using OpsDashboard.Reports;
using OpsDashboard.Reports.Git;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Reports.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.Git;

/// <summary>The git source against a repository built here with real merge and squash commits, read as a clone and as a bare clone.</summary>
public sealed class GitReportSourceTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private GitRepository _repo = null!;

    public async Task InitializeAsync() => _repo = await InfraHistory.BuildAsync(_timeout.Token);

    public Task DisposeAsync()
    {
        _repo.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Merge_and_squash_commits_in_the_window_become_pull_requests(bool bare)
    {
        var path = bare ? await _repo.CloneBareAsync(_timeout.Token) : _repo.Path;
        var options = InfraHistory.Options(path);
        var builder = new WeeklyReportBuilder(options);
        var source = new GitReportSource(options.Git, options.Repos);

        var reading = await source.ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _timeout.Token);
        var report = builder.Build(December2017.Window, reading);

        Assert.Equal(
            [
                (657, "Provision a small RDS MySQL instance for SUMO dev", "metadave"),
                (665, "increase threshold of failure for liveness/readiness probes", "escattone"),
                (664, "MDN load balancer infrastructure tests", "metadave"),
                (670, "Bump kubectl to 1.8.4", "dependabot[bot]"),
            ],
            reading.PullRequests.OrderBy(p => p.MergedAt).Select(p => (p.Number, p.Title, p.Author)));
        Assert.Equal(new DateTimeOffset(2017, 11, 16, 18, 30, 0, TimeSpan.Zero), reading.PullRequests.Single(p => p.Number == 657).MergedAt);
        Assert.Equal("https://github.com/mozmeao/infra/pull/657", reading.PullRequests.Single(p => p.Number == 657).Url);
        Assert.Equal(["escattone"], report.FirstTimeContributors);
        Assert.Equal(3, report.Counts.PullRequests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_addresses_become_logins_through_the_mailmap_and_the_configured_map_and_a_bare_name_is_never_an_at_mention(bool bare)
    {
        using var repo = await GitRepository.InitAsync(_timeout.Token);
        await repo.CommitFileAsync(".mailmap", "Ryan Johnson <2222+escattone@users.noreply.github.com> <rj@old.example>\n", "Add .mailmap", "Dave Parfitt <metadave@users.noreply.github.com>", new DateTimeOffset(2017, 11, 15, 9, 0, 0, TimeSpan.Zero), _timeout.Token);
        await repo.CommitAsync("Probe thresholds (#665)", "Ryan J <rj@old.example>", new DateTimeOffset(2017, 11, 20, 12, 0, 0, TimeSpan.Zero), _timeout.Token);
        await repo.CommitAsync("Compat data for <template> (#666)", "Daniel D. Beck <daniel@example.com>", new DateTimeOffset(2017, 11, 21, 12, 0, 0, TimeSpan.Zero), _timeout.Token);
        await repo.CommitAsync("Docs (#667)", "Florian Scholz <fs@example.org>", new DateTimeOffset(2017, 11, 22, 12, 0, 0, TimeSpan.Zero), _timeout.Token);
        await repo.MergePullRequestAsync(668, "mozmeao/branch", "Inside branch", "Daniel D. Beck <DANIEL@example.com>", new DateTimeOffset(2017, 11, 23, 12, 0, 0, TimeSpan.Zero), _timeout.Token);
        var options = InfraHistory.Options(bare ? await repo.CloneBareAsync(_timeout.Token) : repo.Path);
        options.Git.Logins = new(StringComparer.OrdinalIgnoreCase) { ["daniel@example.com"] = "ddbeck" };
        var builder = new WeeklyReportBuilder(options);

        var reading = await new GitReportSource(options.Git, options.Repos).ReadAsync(December2017.Window, builder.IsExcluded, new ProgressLog(), _timeout.Token);
        var post = ReportRenderer.Default(options.DateStyle).Render(builder.Build(December2017.Window, reading), options);

        Assert.Equal([(665, "escattone"), (666, "ddbeck"), (667, "Florian Scholz"), (668, "ddbeck")], reading.PullRequests.OrderBy(p => p.Number).Select(p => (p.Number, p.Author)));
        Assert.Contains("([@escattone](https://github.com/escattone))", post, StringComparison.Ordinal);
        Assert.Contains("([@ddbeck](https://github.com/ddbeck))", post, StringComparison.Ordinal);
        Assert.Contains("(Florian Scholz)", post, StringComparison.Ordinal);
        Assert.DoesNotContain("@Florian", post, StringComparison.Ordinal);
        Assert.DoesNotContain("@Florian", ReportStats.Paragraph(builder.Build(December2017.Window, reading), options.DateStyle), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_that_is_not_a_repository_is_named_in_the_message()
    {
        using var empty = new TempDirectory();
        var options = InfraHistory.Options(empty.Path);

        var ex = await Assert.ThrowsAsync<ReportSourceException>(() => new GitReportSource(options.Git, options.Repos).ReadAsync(December2017.Window, _ => false, new ProgressLog(), _timeout.Token));

        Assert.StartsWith($"git cannot read mozmeao/infra at {empty.Path}: fatal: not a git repository", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Merge pull request #12 from alice/fix-probes", "Adjust probes\n\nmore", 2, "mozmeao", 12, "Adjust probes", "alice")]
    [InlineData("Merge pull request #13 from mozmeao/lb-tests", "", 2, "mozmeao", 13, "lb-tests", null)]
    [InlineData("Provision RDS (#657)", "", 1, "mozmeao", 657, "Provision RDS", "bob")]
    public void Commit_messages_are_read_the_way_GitHub_writes_them(string subject, string body, int parents, string owner, int number, string title, string? author)
    {
        var commit = new GitCommit("sha", [.. Enumerable.Repeat("p", parents)], "Bob", "1234+bob@users.noreply.github.com", DateTimeOffset.UnixEpoch, subject, body);

        var pr = MergeCommitParser.Parse(commit, owner);

        Assert.NotNull(pr);
        Assert.Equal((number, title, author), (pr.Number, pr.Title, pr.Author));
    }

    [Theory]
    [InlineData("Fix typo")]
    [InlineData("Merge branch 'main' into feature")]
    public void Other_commits_are_not_pull_requests(string subject) =>
        Assert.Null(MergeCommitParser.Parse(new GitCommit("sha", ["p"], "Bob", "bob@example.com", DateTimeOffset.UnixEpoch, subject, ""), "mozmeao"));
}
