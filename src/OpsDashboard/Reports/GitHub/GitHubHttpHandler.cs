using System.Globalization;
using System.Net;
using System.Net.Http.Headers;

namespace OpsDashboard.Reports.GitHub;

/// <summary>
/// Requests a run sent: all of them, and those GitHub charged to the rate limit (a 304 is free); and the responses
/// taken from the cache without asking (see <see cref="GitHubHttpHandler.ReuseConfirmedAfter"/>).
/// </summary>
public sealed record GitHubCallCount(int Requests, int Charged, int NotModified, int Reused = 0);

/// <summary>
/// Everything between Octokit and the wire that a report run needs: the token (in GitHub's documented
/// <c>Authorization: token …</c> form), conditional requests from the cache (a 304 is answered with the kept body),
/// the rate limit read from every response (wait for the reset with visible progress when it is near, stop with a
/// clear message when it is not), and a count of the calls made.
/// </summary>
public sealed class GitHubHttpHandler(string? token, GitHubCache cache, TimeSpan maxWait, TimeProvider time) : DelegatingHandler
{
    private readonly Dictionary<string, (int Remaining, int Limit, DateTimeOffset Reset)> _limits = new(StringComparer.Ordinal);
    private int _requests;
    private int _notModified;
    private int _reused;

    /// <summary>Told when the run waits for a rate limit to reset: the sentence to show.</summary>
    public Action<string>? Waiting { get; set; }

    public GitHubCallCount Calls => new(_requests, _requests - _notModified, _notModified, _reused);

    /// <summary>
    /// Cached responses GitHub confirmed after this instant are used without asking while they are younger than
    /// <see cref="ReuseFor"/>; null asks every time. The source sets it for windows that had closed (and settled in
    /// the search index) before: merged pull requests never leave a closed window, so only edits (a title, a label)
    /// could differ, and those are picked up once the response is older than <see cref="ReuseFor"/>.
    /// </summary>
    public DateTimeOffset? ReuseConfirmedAfter { get; set; }

    public TimeSpan ReuseFor { get; init; }

    /// <summary>
    /// One request, no waiting: Octokit times every request (30 s), so a wait for the rate limit inside it would be
    /// cut short and blamed on GitHub. The source waits between requests with <see cref="WaitForLimitAsync"/> and
    /// <see cref="WaitToRetryAsync"/>.
    /// </summary>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendOnceAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = string.IsNullOrEmpty(token) ? null : new AuthenticationHeaderValue("token", token);
        var url = request.RequestUri!.AbsoluteUri;
        var cached = request.Method == HttpMethod.Get ? cache.Response(url) : null;
        if (cached is not null && CanReuse(cached))
        {
            Interlocked.Increment(ref _reused);
            return FromCache(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request }, cached);
        }

        request.Headers.IfNoneMatch.Clear();
        if (cached is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", cached.ETag);
        }

        Interlocked.Increment(ref _requests);
        var response = await base.SendAsync(request, cancellationToken);
        ReadLimit(response, Resource(request.RequestUri));
        if (response.StatusCode == HttpStatusCode.NotModified && cached is not null)
        {
            Interlocked.Increment(ref _notModified);
            cache.Store(url, cached with { ConfirmedAt = time.GetUtcNow() });
            return FromCache(response, cached);
        }

        if (request.Method == HttpMethod.Get && response.IsSuccessStatusCode && response.Headers.ETag is { } etag)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var link = response.Headers.TryGetValues("Link", out var links) ? string.Join(", ", links) : null;
            cache.Store(url, new CachedResponse(etag.ToString(), body, response.Content.Headers.ContentType?.ToString(), link, time.GetUtcNow()));
        }

        return response;
    }

    private bool CanReuse(CachedResponse cached) =>
        ReuseConfirmedAfter is { } after && cached.ConfirmedAt is { } confirmed && confirmed >= after && time.GetUtcNow() - confirmed < ReuseFor;

    private static HttpResponseMessage FromCache(HttpResponseMessage notModified, CachedResponse cached)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = notModified.RequestMessage, Content = new StringContent(cached.Body) };
        response.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(cached.ContentType ?? "application/json; charset=utf-8");
        foreach (var header in notModified.Headers)
        {
            response.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (cached.Link is not null)
        {
            response.Headers.Remove("Link");
            response.Headers.TryAddWithoutValidation("Link", cached.Link);
        }

        notModified.Dispose();
        return response;
    }

    private void ReadLimit(HttpResponseMessage response, string resource)
    {
        if (Header(response, "x-ratelimit-remaining") is { } remaining && int.TryParse(remaining, CultureInfo.InvariantCulture, out var left)
            && Header(response, "x-ratelimit-reset") is { } reset && long.TryParse(reset, CultureInfo.InvariantCulture, out var resetSeconds))
        {
            var limit = int.TryParse(Header(response, "x-ratelimit-limit"), CultureInfo.InvariantCulture, out var l) ? l : 0;
            lock (_limits)
            {
                // Seconds since the epoch; recorded fixtures normalize it to milliseconds, so take those too.
                var resetAt = resetSeconds > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(resetSeconds) : DateTimeOffset.FromUnixTimeSeconds(resetSeconds);
                _limits[Header(response, "x-ratelimit-resource") ?? resource] = (left, limit, resetAt);
            }
        }
    }

    /// <summary>Before a request: when its limit is known to be spent, wait for the reset (or stop if that is past MaxRateLimitWait).</summary>
    public async Task WaitForLimitAsync(Uri uri, CancellationToken cancellationToken)
    {
        var resource = Resource(uri);
        (int Remaining, int Limit, DateTimeOffset Reset) limit;
        lock (_limits)
        {
            if (!_limits.TryGetValue(resource, out limit) || limit.Remaining > 0)
            {
                return;
            }
        }

        var wait = limit.Reset - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await WaitAsync(wait, resource, refusal: null, cancellationToken);
        }
    }

    /// <summary>
    /// After a refusal (403 or 429): when it was the rate limit and it resets soon enough, wait for it and return true
    /// (retry once); false when it was not the rate limit. Throws when the wait would be longer than MaxRateLimitWait.
    /// </summary>
    public async Task<bool> WaitToRetryAsync(Uri uri, int status, IReadOnlyDictionary<string, string> headers, string? said, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var resource = Resource(uri);
        var retryAfter = headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value;
        TimeSpan? delta = int.TryParse(retryAfter, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        if ((delta ?? RetryAfter(resource)) is not { } wait)
        {
            return false;
        }

        var secondary = status == (int)HttpStatusCode.TooManyRequests || delta is not null;
        await WaitAsync(wait, resource, new RateLimitRefusal(status, secondary, said), cancellationToken);
        return true;
    }

    /// <summary>How long until a spent limit resets, or null when it is not spent.</summary>
    private TimeSpan? RetryAfter(string resource)
    {
        lock (_limits)
        {
            return _limits.TryGetValue(resource, out var limit) && limit.Remaining == 0
                ? (limit.Reset - time.GetUtcNow()) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
                : null;
        }
    }

    private async Task WaitAsync(TimeSpan wait, string resource, RateLimitRefusal? refusal, CancellationToken cancellationToken)
    {
        var resetAt = time.GetUtcNow() + wait;
        var until = string.Create(CultureInfo.InvariantCulture, $"{resetAt.UtcDateTime:HH:mm:ss} UTC ({Math.Ceiling(wait.TotalMinutes):0} min from now)");
        var said = refusal?.Said is { Length: > 0 } words ? $"{refusal.Status} \"{words}\"" : refusal is null ? null : refusal.Status.ToString(CultureInfo.InvariantCulture);
        if (wait > maxWait)
        {
            throw new ReportSourceException(refusal is { Secondary: true }
                ? $"GitHub's secondary rate limit refused the {resource} request ({said}): it asks to retry after {until}, longer than Dashboard:Reports:GitHub:MaxRateLimitWait ({maxWait}); run again after then."
                : $"GitHub's {resource} rate limit is spent until {until}, longer than Dashboard:Reports:GitHub:MaxRateLimitWait ({maxWait}); run again after the reset, or with a token (GITHUB_TOKEN) for a higher limit."
                    + (said is null ? "" : $" GitHub said: {said}."));
        }

        // Counted down once a second so the page and the CLI show the wait, not a hang.
        var what = refusal is { Secondary: true } ? "GitHub's secondary rate limit asked to wait" : $"GitHub's {resource} rate limit is spent: waiting";
        for (var left = wait; left > TimeSpan.Zero; left = resetAt - time.GetUtcNow())
        {
            Waiting?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{what} {Math.Ceiling(left.TotalSeconds):0} s for it to reset at {resetAt.UtcDateTime:HH:mm:ss} UTC (Dashboard:Reports:GitHub:MaxRateLimitWait allows {maxWait})"));
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), time, cancellationToken);
        }

        lock (_limits)
        {
            _limits.Remove(resource);
        }
    }

    private sealed record RateLimitRefusal(int Status, bool Secondary, string? Said);

    private static string Resource(Uri? uri) =>
        uri is not null && (uri.IsAbsoluteUri ? uri.AbsolutePath : "/" + uri.OriginalString).Contains("/search/", StringComparison.Ordinal) ? "search" : "core";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
