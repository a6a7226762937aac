using System.Globalization;
using Octokit;

namespace OpsDashboard.Reports.GitHub;

/// <summary>
/// Merged pull requests from GitHub's search API through Octokit: <c>is:pr is:merged merged:FROM..TO</c> over the
/// configured repos, batched into queries of at most <see cref="GitHubReportOptions.MaxQueryLength"/> characters, every
/// page followed, and the window split in two wherever a query matches more than the 1,000 results search returns.
/// First-time contributors: several authors per search, for those not already settled by the cache.
/// </summary>
public sealed class GitHubReportSource : IReportSource, IDisposable
{
    /// <summary>Search never returns more than this many results for one query.</summary>
    public const int ResultCap = 1000;

    /// <summary>How long after a PR is merged search may take to list it: a window is settled this long after it closed.</summary>
    public static readonly TimeSpan SearchSettles = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyList<string> _repos;
    private readonly HashSet<string> _repoSet;
    private readonly string _repoSetKey;
    private readonly GitHubReportOptions _options;
    private readonly GitHubCache _cache;
    private readonly GitHubApi _api;
    private readonly TimeProvider _time;

    public GitHubReportSource(IReadOnlyList<string> repos, GitHubReportOptions options, GitHubCache cache, TimeProvider time, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(repos);
        ArgumentNullException.ThrowIfNull(options);
        _repos = repos;
        _repoSet = new HashSet<string>(repos, StringComparer.OrdinalIgnoreCase);
        _options = options;
        _cache = cache;
        _time = time;
        _api = new GitHubApi(options, cache, time, transport);
        _repoSetKey = _api.BaseUrl.Host + ":" + string.Join(",", repos.Select(r => r.ToUpperInvariant()).Order(StringComparer.Ordinal));
    }

    /// <summary>How long one request may take; waits for the rate limit happen between requests, outside it.</summary>
    public TimeSpan RequestTimeout
    {
        get => _api.RequestTimeout;
        init => _api.RequestTimeout = value;
    }

    public GitHubCallCount Calls => _api.Calls;

    /// <summary>Octokit's connection as this source set it up (base URL, token, cache, limits).</summary>
    public IConnection Connection => _api.Connection;

    public async Task<SourceReading> ReadAsync(ReportWindow window, Func<string, bool> authorsToSkip, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(authorsToSkip);
        ArgumentNullException.ThrowIfNull(progress);
        var steps = new StepCounter(progress);
        _api.Handler.Waiting = steps.Say;
        var settled = window.End + SearchSettles;
        _api.Handler.ReuseConfirmedAfter = settled <= _time.GetUtcNow() ? settled : null;
        try
        {
            var found = new Dictionary<(string, int), MergedPullRequest>();
            var queries = SearchQueries.Batch("is:pr is:merged " + SearchQueries.MergedRange(window.Start, window.End), _repos.Select(r => "repo:" + r), _options.MaxQueryLength);
            steps.Expect(queries.Count);
            foreach (var query in queries)
            {
                await SearchWindowAsync(query, window.Start, window.End, found, steps, cancellationToken);
            }

            var pullRequests = found.Values.Where(pr => _repoSet.Contains(pr.Repo)).ToList();
            var authors = pullRequests.Select(pr => pr.Author).Where(a => !authorsToSkip(a)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();
            var firstTime = await new FirstTimeContributors(_api, _cache, _repos, _repoSet, _repoSetKey, _options).FindAsync(authors, window.Start, steps, cancellationToken);
            foreach (var pr in pullRequests)
            {
                _cache.Learn(_repoSetKey, pr.Author, pr.MergedAt, null);
            }

            var calls = Calls;
            return new SourceReading(pullRequests, firstTime, string.Create(
                CultureInfo.InvariantCulture,
                $"GitHub search at {_api.BaseUrl}: {_repos.Count} repos in {queries.Count} queries, {calls.Requests} requests ({calls.NotModified} answered 304 from the cache){(calls.Reused > 0 ? $", {calls.Reused} answers reused without asking (the window had closed when GitHub gave them, within {_options.ReuseFor:g})" : "")}"));
        }
        finally
        {
            _api.Handler.Waiting = null;
            _api.Handler.ReuseConfirmedAfter = null;
            _cache.Save();
        }
    }

    public void Dispose() => _api.Dispose();

    /// <summary>One query over [start, end): every page, or two halves when it matches more than search returns.</summary>
    private async Task SearchWindowAsync(string query, DateTimeOffset start, DateTimeOffset end, Dictionary<(string, int), MergedPullRequest> found, StepCounter steps, CancellationToken cancellationToken)
    {
        steps.Say($"searching: {Shorten(query)}");
        IApiResponse<SearchIssuesResult> first;
        try
        {
            first = await GetAsync<SearchIssuesResult>(SearchUri(query), cancellationToken);
        }
        catch (ReportSourceException ex) when (ex.InnerException is ApiValidationException refused)
        {
            throw await UnsearchableReposAsync(query, refused, cancellationToken);
        }

        steps.Done();
        if (first.Body.TotalCount > ResultCap)
        {
            var middle = new DateTimeOffset(start.UtcTicks + ((end.UtcTicks - start.UtcTicks) / 2 / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond), TimeSpan.Zero);
            if (middle <= start)
            {
                throw new ReportSourceException($"more than {ResultCap} pull requests were merged within one second ({start.UtcDateTime:u}); GitHub search cannot list them.");
            }

            steps.Expect(2);
            var whole = SearchQueries.MergedRange(start, end);
            await SearchWindowAsync(query.Replace(whole, SearchQueries.MergedRange(start, middle), StringComparison.Ordinal), start, middle, found, steps, cancellationToken);
            await SearchWindowAsync(query.Replace(whole, SearchQueries.MergedRange(middle, end), StringComparison.Ordinal), middle, end, found, steps, cancellationToken);
            return;
        }

        var pages = (int)Math.Ceiling(first.Body.TotalCount / (double)_options.PageSize);
        steps.Expect(Math.Max(0, pages - 1));
        var response = first;
        while (true)
        {
            foreach (var issue in response.Body.Items)
            {
                if (Project(issue) is { } pr)
                {
                    found[(pr.Repo.ToUpperInvariant(), pr.Number)] = pr;
                }
            }

            if (response.HttpResponse.ApiInfo.GetNextPageUrl() is not { } next)
            {
                break;
            }

            response = await GetAsync<SearchIssuesResult>(next, cancellationToken);
            steps.Done();
        }
    }

    /// <summary>
    /// GitHub answers 422 to a search naming a repo that does not exist or that the token cannot read, without saying
    /// which: each repo of the query is asked alone (one result) to name it, so the run stops saying what to fix.
    /// </summary>
    private async Task<ReportSourceException> UnsearchableReposAsync(string query, ApiValidationException refused, CancellationToken cancellationToken)
    {
        var repos = query.Split(' ').Where(q => q.StartsWith("repo:", StringComparison.Ordinal)).Select(q => q[5..]).ToList();
        var bad = repos;
        if (repos.Count > 1)
        {
            bad = [];
            foreach (var repo in repos)
            {
                try
                {
                    await _api.Connection.Get<SearchIssuesResult>(SearchQueries.SearchUri("is:pr repo:" + repo, 1), null, GitHubApi.Accept, cancellationToken);
                }
                catch (ApiValidationException)
                {
                    bad.Add(repo);
                }
            }
        }

        var named = bad.Count == 0 ? string.Join(", ", repos) : string.Join(", ", bad);
        return new ReportSourceException(
            $"GitHub cannot search {named} ({(int)refused.StatusCode} {GitHubErrors.Detail(refused)}): check the repo{(bad.Count == 1 ? "" : "s")} in Dashboard:Reports:Sections:N:Repos (owner/name, spelled as on GitHub) and that {(_api.HasToken ? "the token" : "a token (GITHUB_TOKEN), needed for private repos,")} can read {(bad.Count == 1 ? "it" : "them")}. No report was made.",
            refused);
    }

    private Uri SearchUri(string query) => SearchQueries.SearchUri(query, _options.PageSize);

    /// <summary>Follows any list through its Link headers; used for search pages and any other paged endpoint.</summary>
    public Task<IReadOnlyList<T>> GetAllAsync<T>(Uri first, CancellationToken cancellationToken) => _api.GetAllAsync<T>(first, cancellationToken);

    /// <summary>One GET through <see cref="GitHubApi"/>: rate limit waited out between requests, failures in a sentence.</summary>
    public Task<IApiResponse<T>> GetAsync<T>(Uri uri, CancellationToken cancellationToken) => _api.GetAsync<T>(uri, cancellationToken);

    /// <summary>The dozen fields the report shows, from a search result; null for anything not a merged pull request.</summary>
    public static MergedPullRequest? Project(Issue issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        var mergedAt = issue.PullRequest?.MergedAt ?? issue.ClosedAt;
        // …/owner/name/pull/N, read from the end: GitHub Enterprise and proxies put more in front.
        var segments = Uri.TryCreate(issue.HtmlUrl, UriKind.Absolute, out var html) ? html.AbsolutePath.Trim('/').Split('/') : [];
        if (mergedAt is null || segments.Length < 4 || segments[^2] != "pull")
        {
            return null;
        }

        var author = issue.User?.Login ?? "ghost";
        if (issue.User?.Type == AccountType.Bot && !author.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase))
        {
            author += "[bot]";
        }

        return new MergedPullRequest($"{segments[^4]}/{segments[^3]}", issue.Number, issue.Title.Trim(), issue.HtmlUrl, author, mergedAt.Value, [.. issue.Labels.Select(l => l.Name)]);
    }

    private static string Shorten(string text) => text.Length <= 90 ? text : text[..87] + "...";

}
