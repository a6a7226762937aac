using System.Text.Json.Nodes;
using OpsDashboard.Reports;
using OpsDashboard.Reports.GitHub;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.GitHub;

/// <summary>One fixtures server for the GitHub source tests: the package's scenarios plus recorded search sessions of our own.</summary>
public sealed class GitHubScenarios : IAsyncLifetime
{
    public const string Token = "0000000000000000000000000000000000000001";
    public const string WindowQuery = "is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/kitsune repo:mozilla/kuma repo:mozilla/bedrock repo:mozmeao/infra";
    public const int PageSize = 3;

    /// <summary>The tests' "now": the day the December report was due.</summary>
    public static readonly DateTimeOffset Now = new(2017, 12, 5, 12, 0, 0, TimeSpan.Zero);

    public FixturesServer Server { get; private set; } = null!;

    /// <summary>A source over the December report's repos at <paramref name="baseUrl"/>, on a fake clock at <see cref="Now"/>.</summary>
    public static GitHubReportSource Source(Uri baseUrl, GitHubCache cache)
    {
        var options = Options(baseUrl);
        return new GitHubReportSource(options.Repos, options.GitHub, cache, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
    }

    /// <summary>The authors of the December report (no bot) and whether each had a PR merged in the repos before the window.</summary>
    public static readonly (string Author, bool Before)[] Authors = [("escattone", true), ("jgmize", false), ("jwhitlock", true), ("metadave", true), ("pmac", false)];

    public async Task InitializeAsync()
    {
        var scenarios = new Dictionary<string, JsonArray>
        {
            ["report-window"] = ReportWindow(repeat: true).Fixtures,
            ["split-window"] = SplitWindow().Fixtures,
            ["unknown-repo"] = new GitHubRecording(Token).SearchFails("is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozilla/no-such-repo", 422, "Validation Failed", "The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.").Fixtures,
            ["bad-token"] = new GitHubRecording("bad").SearchFails(WindowQuery, 401, "Bad credentials", perPage: PageSize).Fixtures,
            ["enterprise"] = new GitHubRecording(Token, "github.example.com", "/api/v3")
                .Search("is:pr is:merged merged:2017-11-14..2017-12-05 repo:mozmeao/infra", [new PullRequestBuilder("mozmeao/infra", 657, "Provision a small RDS MySQL instance for SUMO dev").By("metadave").On(11, 16).Build()], PageSize)
                .Search("is:pr is:merged merged:<2017-11-14 user:mozmeao author:metadave", [], PageSize).Fixtures,
            ["rate-limit-spent"] = new GitHubRecording(Token).SearchWithLimit(WindowQuery, [], 0, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)).Fixtures,
        };
        Server = await FixturesServer.StartAsync(scenarios, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public static ReportOptions Options(Uri baseUrl, string token = Token)
    {
        var options = December2017.Options();
        options.GitHub = new GitHubReportOptions { BaseUrl = baseUrl.ToString(), Token = token, PageSize = PageSize, CachePath = "unused" };
        return options;
    }

    /// <summary>The December window over three pages, one lookup per author, then (if <paramref name="repeat"/>) the same run again answered 304.</summary>
    public static GitHubRecording ReportWindow(bool repeat)
    {
        var recording = new GitHubRecording(Token).Search(WindowQuery, December2017.PullRequests(), PageSize);
        recording.FirstTimeLookups("is:pr is:merged merged:<2017-11-14 user:mozilla user:mozmeao", [.. Authors.Select(a => a.Author)], author => Earlier(author, Authors.Single(a => a.Author == author).Before), IsDecemberRepoBefore, PageSize);
        return repeat ? recording.Search(WindowQuery, December2017.PullRequests(), PageSize, conditional: true) : recording;
    }

    /// <summary>An author's PRs before the window: one elsewhere in the owners' repos, and (if <paramref name="before"/>) one in a report's repo.</summary>
    public static IReadOnlyList<MergedPullRequest> Earlier(string author, bool before) => before
        ? [new PullRequestBuilder("mozilla/addons", 1, "elsewhere").By(author).On(3, 1).Build(), new PullRequestBuilder("mozmeao/infra", 100 + author.Length, "earlier").By(author).On(6, 1).Build()]
        : [new PullRequestBuilder("mozilla/addons", 2, "a repo the report does not cover").By(author).On(5, 1).Build()];

    /// <summary>A PR that makes its author no first-timer in the December report.</summary>
    public static bool IsDecemberRepoBefore(MergedPullRequest pr) => December2017.Options().Repos.Contains(pr.Repo, StringComparer.OrdinalIgnoreCase) && pr.MergedAt < December2017.Window.Start;

    /// <summary>One repo whose window matches more than search returns: the source must ask for each half instead.</summary>
    public static GitHubRecording SplitWindow()
    {
        const string repo = "repo:mozilla/kuma";
        var firstHalf = new PullRequestBuilder("mozilla/kuma", 4600, "first half").By("jwhitlock").At(new DateTimeOffset(2017, 12, 2, 9, 0, 0, TimeSpan.Zero)).Build();
        var secondHalf = new PullRequestBuilder("mozilla/kuma", 4601, "second half").By("jwhitlock").At(new DateTimeOffset(2017, 12, 4, 9, 0, 0, TimeSpan.Zero)).Build();
        return new GitHubRecording(Token)
            .Search($"is:pr is:merged merged:2017-12-01..2017-12-05 {repo}", [], PageSize, totalCount: 1500)
            .Search($"is:pr is:merged merged:2017-12-01T00:00:00Z..2017-12-03T11:59:59Z {repo}", [firstHalf], PageSize)
            .Search($"is:pr is:merged merged:2017-12-03T12:00:00Z..2017-12-05T23:59:59Z {repo}", [secondHalf], PageSize)
            .Search("is:pr is:merged merged:<2017-12-01 user:mozilla author:jwhitlock", [new PullRequestBuilder("mozilla/kuma", 4000, "older").By("jwhitlock").On(6, 1).Build()], PageSize);
    }
}

/// <summary>Progress reports kept as they come (synchronously, unlike Progress&lt;T&gt;).</summary>
public sealed class ProgressLog : IProgress<ReportProgress>
{
    private readonly List<ReportProgress> _reports = [];

    public IReadOnlyList<ReportProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(ReportProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
