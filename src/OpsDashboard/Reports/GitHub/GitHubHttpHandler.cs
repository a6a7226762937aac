using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

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

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var resource = Resource(request.RequestUri);
        await WaitForLimitAsync(resource, cancellationToken);
        var response = await SendOnceAsync(request, cancellationToken);

        // Spent limit or secondary limit: wait once if it resets soon enough, then try again.
        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests && RetryAfter(response, resource) is { } wait)
        {
            var refusal = await RefusalAsync(response, cancellationToken);
            await WaitAsync(wait, resource, refusal, cancellationToken);
            response.Dispose();
            response = await SendOnceAsync(request, cancellationToken);
        }

        return response;
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

    private async Task WaitForLimitAsync(string resource, CancellationToken cancellationToken)
    {
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

    /// <summary>How long to wait before retrying a refused request, or null when it was not the rate limit.</summary>
    private TimeSpan? RetryAfter(HttpResponseMessage response, string resource)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        lock (_limits)
        {
            return _limits.TryGetValue(resource, out var limit) && limit.Remaining == 0
                ? (limit.Reset - time.GetUtcNow()) is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
                : null;
        }
    }

    /// <summary>
    /// What GitHub said when it refused: a secondary limit (a <c>retry-after</c> header, or a 429) is about requests made
    /// too fast, not about a spent hourly budget, and the person is told which it was and GitHub's own words.
    /// </summary>
    private static async Task<RateLimitRefusal> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? said = null;
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            said = body.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
        }

        var secondary = response.StatusCode == HttpStatusCode.TooManyRequests || response.Headers.RetryAfter is not null;
        return new RateLimitRefusal((int)response.StatusCode, secondary, said);
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
        for (var left = wait; left > TimeSpan.Zero; left -= TimeSpan.FromSeconds(1))
        {
            Waiting?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{what} {Math.Ceiling(left.TotalSeconds):0} s for it to reset at {resetAt.UtcDateTime:HH:mm:ss} UTC"));
            await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), time, cancellationToken);
        }

        lock (_limits)
        {
            _limits.Remove(resource);
        }
    }

    private sealed record RateLimitRefusal(int Status, bool Secondary, string? Said);

    private static string Resource(Uri? uri) => uri?.AbsolutePath.Contains("/search/", StringComparison.Ordinal) == true ? "search" : "core";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
