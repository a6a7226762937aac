using OpsDashboard.Reports.GitHub;

namespace OpsDashboard.Tests.Reports.GitHub;

/// <summary>What the GitHub source's test classes share: the fixtures server, the December report's "now", a source on it.</summary>
public abstract class GitHubSourceTest(GitHubScenarios scenarios) : IClassFixture<GitHubScenarios>
{
    protected static readonly DateTimeOffset Now = GitHubScenarios.Now;

    protected GitHubScenarios Scenarios => scenarios;

    protected CancellationToken Cancel { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    protected static GitHubReportSource Source(Uri baseUrl, GitHubCache cache) => GitHubScenarios.Source(baseUrl, cache);
}
