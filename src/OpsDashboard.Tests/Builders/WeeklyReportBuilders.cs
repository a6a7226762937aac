using OpsDashboard.Reports;

namespace OpsDashboard.Tests.Builders;

/// <summary>The team's report of December 5, 2017 (PRs from the post itself) and its configuration.</summary>
public static class December2017
{
    public static readonly ReportWindow Window = new(
        new DateTimeOffset(2017, 11, 14, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2017, 12, 6, 0, 0, 0, TimeSpan.Zero));

    public static ReportOptions Options() => new()
    {
        Team = "MozMEAO SRE",
        Author = "Dave Parfitt",
        Sections =
        [
            new() { Name = "SUMO", Repos = ["mozilla/kitsune"], Labels = ["sumo"] },
            new() { Name = "MDN", Repos = ["mozilla/kuma"], Labels = ["mdn"] },
            new() { Name = "Bedrock", Repos = ["mozilla/bedrock"], Labels = ["bedrock"] },
            new() { Name = "SRE general", Repos = ["mozmeao/infra"] },
        ],
        Links =
        [
            new() { Title = "Github project tracking SRE work", Url = "https://github.com/mozmar/infra/projects/2" },
            new() { Title = "How MozMEAO SRE's work", Url = "https://github.com/mozmar/infra/blob/master/docs/how_we_work.md" },
        ],
    };

    public static List<MergedPullRequest> PullRequests() =>
    [
        new PullRequestBuilder("mozmeao/infra", 657, "Provision a small RDS MySQL instance for SUMO dev").By("metadave").On(11, 16).Labels("sumo").Build(),
        new PullRequestBuilder("mozilla/kuma", 4579, "adjust liveness tests, avoid DB query in middleware").By("jwhitlock").On(11, 28).Build(),
        new PullRequestBuilder("mozmeao/infra", 665, "increase threshold of failure for liveness/readiness probes").By("escattone").On(11, 29).Labels("mdn").Build(),
        new PullRequestBuilder("mozmeao/infra", 664, "MDN load balancer infrastructure tests").By("metadave").On(11, 30).Labels("mdn").Build(),
        new PullRequestBuilder("mozilla/bedrock", 5236, "a local Sqlite DB and clock process in every container").By("pmac").On(12, 1).Build(),
        new PullRequestBuilder("mozmeao/infra", 669, "S3 buckets for bedrock dev, stage and prod").By("metadave").On(12, 4).Labels("Bedrock").Build(),
        new PullRequestBuilder("mozmeao/infra", 670, "Bump kubectl to 1.8.4").By("dependabot[bot]").On(12, 4).Build(),
        new PullRequestBuilder("mozmeao/infra", 671, "Rotate [staging] certificates").By("jgmize").On(12, 5).Build(),
    ];

    public static SourceReading Reading() => new(PullRequests(), new HashSet<string>(["pmac"], StringComparer.OrdinalIgnoreCase), "test");
}

/// <summary>A merged pull request with sensible defaults.</summary>
public sealed class PullRequestBuilder(string repo, int number, string title)
{
    private string _author = "metadave";
    private DateTimeOffset _mergedAt = new(2017, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private string[] _labels = [];

    public PullRequestBuilder By(string author)
    {
        _author = author;
        return this;
    }

    public PullRequestBuilder On(int month, int day, int hour = 12)
    {
        _mergedAt = new DateTimeOffset(2017, month, day, hour, 0, 0, TimeSpan.Zero);
        return this;
    }

    public PullRequestBuilder At(DateTimeOffset mergedAt)
    {
        _mergedAt = mergedAt;
        return this;
    }

    public PullRequestBuilder Labels(params string[] labels)
    {
        _labels = labels;
        return this;
    }

    public MergedPullRequest Build() => new(repo, number, title, $"https://github.com/{repo}/pull/{number}", _author, _mergedAt, _labels);
}
