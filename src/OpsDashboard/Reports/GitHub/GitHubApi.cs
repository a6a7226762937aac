using System.Net;
using Octokit;
using Octokit.Internal;

namespace OpsDashboard.Reports.GitHub;

/// <summary>
/// GitHub's REST API through Octokit as every report lookup uses it: the configured base URL and token, the cache of
/// answers (conditional requests, answers reused for a closed window), the rate limit waited out between requests
/// (never inside one request's timeout), a refused request retried once, and failures said in a sentence naming the fix.
/// </summary>
public sealed class GitHubApi : IDisposable
{
    public const string Accept = "application/vnd.github.v3+json";

    private readonly Connection _connection;

    public GitHubApi(GitHubReportOptions options, GitHubCache cache, TimeProvider time, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        BaseUrl = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        var token = string.IsNullOrWhiteSpace(options.Token) ? Environment.GetEnvironmentVariable("GITHUB_TOKEN") : options.Token;
        HasToken = !string.IsNullOrWhiteSpace(token);
        Handler = new GitHubHttpHandler(token, cache, options.MaxRateLimitWait, time) { ReuseFor = options.ReuseFor, InnerHandler = transport ?? new SocketsHttpHandler() };
        _connection = new Connection(
            new ProductHeaderValue("OpsDashboard"),
            BaseUrl,
            new InMemoryCredentialStore(Credentials.Anonymous),
            new HttpClientAdapter(() => Handler),
            new SimpleJsonSerializer());
        _connection.SetRequestTimeout(RequestTimeout);
    }

    public Uri BaseUrl { get; }

    /// <summary>A token is configured (or in GITHUB_TOKEN).</summary>
    public bool HasToken { get; }

    public GitHubHttpHandler Handler { get; }

    /// <summary>Octokit's connection as set up here (base URL, token, cache, limits).</summary>
    public IConnection Connection => _connection;

    public GitHubCallCount Calls => Handler.Calls;

    /// <summary>How long one request may take; waits for the rate limit happen between requests, outside it.</summary>
    public TimeSpan RequestTimeout
    {
        get;
        set
        {
            field = value;
            _connection?.SetRequestTimeout(value);
        }
    } = TimeSpan.FromSeconds(30);

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
            await Handler.WaitForLimitAsync(uri, cancellationToken);
            ApiException refused;
            try
            {
                return await _connection.Get<T>(uri, null, Accept, cancellationToken);
            }
            catch (ApiException ex) when (attempt == 0 && ex.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests && ex.HttpResponse is not null)
            {
                refused = ex;
            }
            catch (Exception ex) when (GitHubErrors.Describe(ex, BaseUrl, HasToken, RequestTimeout) is { } message)
            {
                throw new ReportSourceException(message, ex);
            }

            if (!await Handler.WaitToRetryAsync(uri, (int)refused.StatusCode, refused.HttpResponse.Headers, refused.ApiError?.Message ?? refused.Message, cancellationToken))
            {
                throw new ReportSourceException(GitHubErrors.Describe(refused, BaseUrl, HasToken, RequestTimeout) ?? refused.Message, refused);
            }
        }
    }

    public void Dispose() => Handler.Dispose();
}
