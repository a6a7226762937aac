using OpsDashboard.Reports.GitHub;

namespace OpsDashboard.Tests.Reports.GitHub;

public sealed class SearchQueriesTests
{
    [Fact]
    public void Twenty_repos_are_batched_into_queries_of_at_most_256_characters_each_repo_once()
    {
        var repos = Enumerable.Range(1, 20).Select(i => $"repo:mozilla-services/service-number-{i}").ToList();
        const string prefix = "is:pr is:merged merged:2017-11-28..2017-12-04";

        var queries = SearchQueries.Batch(prefix, repos, 256);

        Assert.All(queries, q => Assert.True(q.Length <= 256, $"{q.Length}: {q}"));
        Assert.All(queries, q => Assert.StartsWith(prefix + " repo:", q, StringComparison.Ordinal));
        Assert.Equal(repos, queries.SelectMany(q => q[(prefix.Length + 1)..].Split(' ')));
        Assert.Equal(4, queries.Count);
    }

    [Theory]
    [InlineData("2017-11-14T00:00:00Z", "2017-12-06T00:00:00Z", "merged:2017-11-14..2017-12-05")]
    [InlineData("2017-11-14T00:00:00Z", "2017-12-05T14:32:10Z", "merged:2017-11-14T00:00:00Z..2017-12-05T14:32:09Z")]
    public void Merged_ranges_include_both_ends_so_the_exclusive_end_is_the_second_before(string start, string end, string expected) =>
        Assert.Equal(expected, SearchQueries.MergedRange(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));
}
