using System.Globalization;
using System.Net;
using Octokit;

namespace OpsDashboard.Reports.GitHub;

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
