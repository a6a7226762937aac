using System.Globalization;
using Octokit;

namespace OpsDashboard.Reports.GitHub;

/// <summary>
/// Who of a window's authors had no pull request merged in the configured repos before it: the cache's answers first,
/// then GitHub search, several authors per query, every answer learnt by the cache.
/// </summary>
internal sealed class FirstTimeContributors(GitHubApi api, GitHubCache cache, IReadOnlyList<string> repos, IReadOnlySet<string> repoSet, string repoSetKey, GitHubReportOptions options)
{
    /// <summary>
    /// New if no PR of theirs was merged in the configured repos before the window. Authors the cache cannot answer are
    /// asked several at a time (<c>author:a author:b …</c>, as many as a query holds); once a page shows an earlier merge
    /// of some, the rest are asked again without them, so a prolific author cannot push the others past search's
    /// 1,000 results. A query whose results were all read settles all of its authors.
    /// </summary>
    public async Task<IReadOnlySet<string>> FindAsync(List<string> authors, DateTimeOffset start, StepCounter steps, CancellationToken cancellationToken)
    {
        var firstTime = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = authors.Where(a => cache.Author(repoSetKey, a)?.MergedBefore(start) is null).ToList();
        firstTime.UnionWith(authors.Where(a => cache.Author(repoSetKey, a)?.MergedBefore(start) == false));
        var owners = string.Join(" ", repos.Select(r => "user:" + r.Split('/')[0]).Distinct(StringComparer.OrdinalIgnoreCase));
        var prefix = $"is:pr is:merged {SearchQueries.MergedBefore(start)} {owners}";
        while (pending.Count > 0)
        {
            var query = SearchQueries.Batch(prefix, pending.Select(a => "author:" + a), options.MaxQueryLength)[0];
            var batch = new HashSet<string>(query.Split(' ').Where(q => q.StartsWith("author:", StringComparison.Ordinal)).Select(q => q[7..]), StringComparer.OrdinalIgnoreCase);
            steps.Expect(1);
            steps.Say(string.Create(CultureInfo.InvariantCulture, $"first-time contributors: checking {batch.Count} authors ({pending.Count} left)"));
            var (earlier, complete) = await EarlierMergesAsync(query, batch, start, steps, cancellationToken);
            var settled = batch.Where(a => complete || earlier.ContainsKey(a)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var author in settled)
            {
                var merged = earlier.TryGetValue(author, out var at) ? at : (DateTimeOffset?)null;
                cache.Learn(repoSetKey, author, merged, merged is null ? start : null);
                if (merged is null)
                {
                    firstTime.Add(author);
                }
            }

            pending.RemoveAll(settled.Contains);
        }

        return firstTime;
    }

    /// <summary>
    /// The earliest merge seen per author of <paramref name="batch"/> in the configured repos before <paramref name="start"/>:
    /// pages are read until one shows any (the query names the repos' owners, so results are checked against the repos).
    /// Complete when every result was read: then an author of the batch not seen has no earlier merge.
    /// </summary>
    private async Task<(Dictionary<string, DateTimeOffset> Earlier, bool Complete)> EarlierMergesAsync(string query, HashSet<string> batch, DateTimeOffset start, StepCounter steps, CancellationToken cancellationToken)
    {
        var earlier = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        Uri? next = SearchQueries.SearchUri(query, options.PageSize);
        while (next is not null && earlier.Count == 0)
        {
            var response = await api.GetAsync<SearchIssuesResult>(next, cancellationToken);
            steps.Done();
            foreach (var pr in response.Body.Items.Select(GitHubReportSource.Project).OfType<MergedPullRequest>().Where(pr => repoSet.Contains(pr.Repo) && pr.MergedAt < start && batch.Contains(pr.Author)))
            {
                earlier[pr.Author] = earlier.TryGetValue(pr.Author, out var seen) && seen < pr.MergedAt ? seen : pr.MergedAt;
            }

            next = response.HttpResponse.ApiInfo.GetNextPageUrl();
            if (next is not null && earlier.Count == 0)
            {
                steps.Expect(1);
            }
        }

        return (earlier, next is null);
    }
}
