using System.Globalization;
using System.Net;
using Octokit;
using Octokit.Internal;

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

    private const string Accept = "application/vnd.github.v3+json";
    private readonly IReadOnlyList<string> _repos;
    private readonly HashSet<string> _repoSet;
    private readonly string _repoSetKey;
    private readonly GitHubReportOptions _options;
    private readonly GitHubCache _cache;
    private readonly GitHubHttpHandler _handler;
    private readonly Connection _connection;
    private readonly Uri _baseUrl;
    private readonly TimeProvider _time;
    private readonly bool _hasToken;

    public GitHubReportSource(IReadOnlyList<string> repos, GitHubReportOptions options, GitHubCache cache, TimeProvider time, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(repos);
        ArgumentNullException.ThrowIfNull(options);
        _repos = repos;
        _repoSet = new HashSet<string>(repos, StringComparer.OrdinalIgnoreCase);
        _options = options;
        _cache = cache;
        _time = time;
        _baseUrl = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        _repoSetKey = _baseUrl.Host + ":" + string.Join(",", repos.Select(r => r.ToUpperInvariant()).Order(StringComparer.Ordinal));
        var token = string.IsNullOrWhiteSpace(options.Token) ? Environment.GetEnvironmentVariable("GITHUB_TOKEN") : options.Token;
        _hasToken = !string.IsNullOrWhiteSpace(token);
        _handler = new GitHubHttpHandler(token, cache, options.MaxRateLimitWait, time) { ReuseFor = options.ReuseFor, InnerHandler = transport ?? new SocketsHttpHandler() };
        _connection = new Connection(
            new ProductHeaderValue("OpsDashboard"),
            _baseUrl,
            new InMemoryCredentialStore(Credentials.Anonymous),
            new HttpClientAdapter(() => _handler),
            new SimpleJsonSerializer());
        _connection.SetRequestTimeout(RequestTimeout);
    }

    /// <summary>How long one request may take; waits for the rate limit happen between requests, outside it.</summary>
    public TimeSpan RequestTimeout
    {
        get;
        init
        {
            field = value;
            _connection?.SetRequestTimeout(value);
        }
    } = TimeSpan.FromSeconds(30);

    public GitHubCallCount Calls => _handler.Calls;

    /// <summary>Octokit's connection as this source set it up (base URL, token, cache, limits).</summary>
    public IConnection Connection => _connection;

    public async Task<SourceReading> ReadAsync(ReportWindow window, Func<string, bool> authorsToSkip, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(authorsToSkip);
        ArgumentNullException.ThrowIfNull(progress);
        var steps = new StepCounter(progress);
        _handler.Waiting = steps.Say;
        var settled = window.End + SearchSettles;
        _handler.ReuseConfirmedAfter = settled <= _time.GetUtcNow() ? settled : null;
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
            var firstTime = await FirstTimeContributorsAsync(authors, window.Start, steps, cancellationToken);
            foreach (var pr in pullRequests)
            {
                _cache.Learn(_repoSetKey, pr.Author, pr.MergedAt, null);
            }

            var calls = Calls;
            return new SourceReading(pullRequests, firstTime, string.Create(
                CultureInfo.InvariantCulture,
                $"GitHub search at {_baseUrl}: {_repos.Count} repos in {queries.Count} queries, {calls.Requests} requests ({calls.NotModified} answered 304 from the cache){(calls.Reused > 0 ? $", {calls.Reused} answers reused without asking (the window had closed when GitHub gave them, within {_options.ReuseFor:g})" : "")}"));
        }
        finally
        {
            _handler.Waiting = null;
            _handler.ReuseConfirmedAfter = null;
            _cache.Save();
        }
    }

    public void Dispose()
    {
        _handler.Dispose();
    }

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
                    await _connection.Get<SearchIssuesResult>(new Uri($"search/issues?q={Uri.EscapeDataString("is:pr repo:" + repo)}&per_page=1", UriKind.Relative), null, Accept, cancellationToken);
                }
                catch (ApiValidationException)
                {
                    bad.Add(repo);
                }
            }
        }

        var named = bad.Count == 0 ? string.Join(", ", repos) : string.Join(", ", bad);
        return new ReportSourceException(
            $"GitHub cannot search {named} ({(int)refused.StatusCode} {GitHubErrors.Detail(refused)}): check the repo{(bad.Count == 1 ? "" : "s")} in Dashboard:Reports:Sections:N:Repos (owner/name, spelled as on GitHub) and that {(_hasToken ? "the token" : "a token (GITHUB_TOKEN), needed for private repos,")} can read {(bad.Count == 1 ? "it" : "them")}. No report was made.",
            refused);
    }

    /// <summary>
    /// New if no PR of theirs was merged in the configured repos before the window. Authors the cache cannot answer are
    /// asked several at a time (<c>author:a author:b …</c>, as many as a query holds); once a page shows an earlier merge
    /// of some, the rest are asked again without them, so a prolific author cannot push the others past search's
    /// 1,000 results. A query whose results were all read settles all of its authors.
    /// </summary>
    private async Task<IReadOnlySet<string>> FirstTimeContributorsAsync(List<string> authors, DateTimeOffset start, StepCounter steps, CancellationToken cancellationToken)
    {
        var firstTime = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = authors.Where(a => _cache.Author(_repoSetKey, a)?.MergedBefore(start) is null).ToList();
        firstTime.UnionWith(authors.Where(a => _cache.Author(_repoSetKey, a)?.MergedBefore(start) == false));
        var owners = string.Join(" ", _repos.Select(r => "user:" + r.Split('/')[0]).Distinct(StringComparer.OrdinalIgnoreCase));
        var prefix = $"is:pr is:merged {SearchQueries.MergedBefore(start)} {owners}";
        while (pending.Count > 0)
        {
            var query = SearchQueries.Batch(prefix, pending.Select(a => "author:" + a), _options.MaxQueryLength)[0];
            var batch = new HashSet<string>(query.Split(' ').Where(q => q.StartsWith("author:", StringComparison.Ordinal)).Select(q => q[7..]), StringComparer.OrdinalIgnoreCase);
            steps.Expect(1);
            steps.Say(string.Create(CultureInfo.InvariantCulture, $"first-time contributors: checking {batch.Count} authors ({pending.Count} left)"));
            var (earlier, complete) = await EarlierMergesAsync(query, batch, start, steps, cancellationToken);
            var settled = batch.Where(a => complete || earlier.ContainsKey(a)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var author in settled)
            {
                var merged = earlier.TryGetValue(author, out var at) ? at : (DateTimeOffset?)null;
                _cache.Learn(_repoSetKey, author, merged, merged is null ? start : null);
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
        Uri? next = SearchUri(query);
        while (next is not null && earlier.Count == 0)
        {
            var response = await GetAsync<SearchIssuesResult>(next, cancellationToken);
            steps.Done();
            foreach (var pr in response.Body.Items.Select(Project).OfType<MergedPullRequest>().Where(pr => _repoSet.Contains(pr.Repo) && pr.MergedAt < start && batch.Contains(pr.Author)))
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

    private Uri SearchUri(string query) => new(
        string.Create(CultureInfo.InvariantCulture, $"search/issues?q={Uri.EscapeDataString(query)}&per_page={_options.PageSize}"), UriKind.Relative);

    /// <summary>Follows any list through its Link headers; used for search pages and any other paged endpoint.</summary>
    public async Task<IReadOnlyList<T>> GetAllAsync<T>(Uri first, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        Uri? next = first;
        while (next is not null)
        {
            var response = await GetAsync<List<T>>(next, cancellationToken);
            all.AddRange(response.Body);
            next = response.HttpResponse.ApiInfo.GetNextPageUrl();
        }

        return all;
    }

    /// <summary>
    /// One GET through Octokit, its failures said in a sentence a person can act on. A spent rate limit is waited out
    /// here, between requests (never inside Octokit's request timeout), and a refused request retried once.
    /// </summary>
    public async Task<IApiResponse<T>> GetAsync<T>(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        for (var attempt = 0; ; attempt++)
        {
            await _handler.WaitForLimitAsync(uri, cancellationToken);
            ApiException refused;
            try
            {
                return await _connection.Get<T>(uri, null, Accept, cancellationToken);
            }
            catch (ApiException ex) when (attempt == 0 && ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests && ex.HttpResponse is not null)
            {
                refused = ex;
            }
            catch (Exception ex) when (GitHubErrors.Describe(ex, _baseUrl, _hasToken, RequestTimeout) is { } message)
            {
                throw new ReportSourceException(message, ex);
            }

            if (!await _handler.WaitToRetryAsync(uri, (int)refused.StatusCode, refused.HttpResponse.Headers, refused.ApiError?.Message ?? refused.Message, cancellationToken))
            {
                throw new ReportSourceException(GitHubErrors.Describe(refused, _baseUrl, _hasToken, RequestTimeout) ?? refused.Message, refused);
            }
        }
    }

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

    /// <summary>Progress in steps (requests) known so far; the total grows as page counts become known.</summary>
    private sealed class StepCounter(IProgress<ReportProgress> progress)
    {
        private int _done;
        private int _total;
        private string _message = "";

        public void Expect(int steps) => Report(_done, _total += steps, _message);

        public void Done() => Report(++_done, _total, _message);

        public void Say(string message) => Report(_done, _total, _message = message);

        private void Report(int done, int total, string message) => progress.Report(new ReportProgress(done, Math.Max(done, total), message));
    }
}

/// <summary>Octokit's and the network's failures as one sentence naming the fix.</summary>
public static class GitHubErrors
{
    public static string? Describe(Exception exception, Uri baseUrl, bool hasToken = true, TimeSpan? requestTimeout = null) => exception switch
    {
        ReportSourceException => null,
        AuthorizationException when !hasToken => $"GitHub at {baseUrl} asks for a token (401 {exception.Message}) and none was sent: set GITHUB_TOKEN or Dashboard:Reports:GitHub:Token.",
        AuthorizationException => $"GitHub at {baseUrl} refused the token (401 {exception.Message}): check GITHUB_TOKEN or Dashboard:Reports:GitHub:Token.",
        // Refusals the rate-limit handler could not wait out (no time to retry given, or refused again after waiting).
        RateLimitExceededException limit => string.Create(CultureInfo.InvariantCulture, $"GitHub's rate limit is spent until {limit.Reset.UtcDateTime:HH:mm:ss} UTC (403 \"{limit.Message}\"): run again after then, or with a token (GITHUB_TOKEN) for a higher limit."),
        SecondaryRateLimitExceededException or AbuseException or ApiException { StatusCode: HttpStatusCode.TooManyRequests } =>
            $"GitHub's secondary rate limit stopped the run ({(int)((ApiException)exception).StatusCode} \"{exception.Message}\"): too many requests too fast; wait a few minutes before running again.",
        ForbiddenException forbidden when !hasToken => $"GitHub at {baseUrl} forbade the request (403 {forbidden.Message}), sent without a token: set GITHUB_TOKEN or Dashboard:Reports:GitHub:Token to one that can read these repos.",
        ForbiddenException forbidden => $"GitHub at {baseUrl} forbade the request (403 {forbidden.Message}): the token may lack access to these repos.",
        ApiValidationException validation => $"GitHub refused the request ({(int)validation.StatusCode} {Detail(validation)}); for a search, check that every repo in Dashboard:Reports:Sections exists and the token can see it.",
        NotFoundException => $"GitHub at {baseUrl} answered 404 for the search: is Dashboard:Reports:GitHub:BaseUrl the API root (https://api.github.com/ or https://HOST/api/v3/)?",
        ApiException api => $"GitHub at {baseUrl} answered {(int)api.StatusCode} {api.StatusCode}: {Detail(api)}",
        HttpRequestException http => $"cannot reach GitHub at {baseUrl}: {http.Message}",
        TaskCanceledException { InnerException: TimeoutException } or TimeoutException =>
            string.Create(CultureInfo.InvariantCulture, $"GitHub at {baseUrl} did not answer one request within {(requestTimeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s."),
        _ => null,
    };

    public static string Detail(ApiException api)
    {
        var errors = api.ApiError?.Errors?.Select(e => e.Message ?? $"{e.Resource} {e.Field} {e.Code}").Where(m => !string.IsNullOrWhiteSpace(m)).ToList() ?? [];
        return errors.Count == 0 ? api.Message : $"{api.Message}: {string.Join("; ", errors)}";
    }
}
