using Octokit;

namespace OpsDashboard.Reports.GitHub;

/// <summary>
/// The git source's last resort for an author's GitHub login, when a token is configured: GitHub's commit API
/// (<c>GET repos/{owner}/{repo}/commits/{sha}</c> → <c>author.login</c>), asked once per e-mail address ever (the answer
/// is kept in the GitHub cache), through <see cref="GitHubApi"/> so the rate limit is waited out as for search. A commit
/// GitHub does not know or links to no account gives no login; a limit that cannot be waited out (or any other
/// failure) stops the lookups, not the report, and is said in the source line.
/// </summary>
public sealed class CommitLogins(GitHubApi api, GitHubCache cache)
{
    private readonly Dictionary<string, string?> _asked = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Why lookups stopped in this run (GitHub's limit), if they did.</summary>
    public string? StoppedBecause { get; private set; }

    public int Asked { get; private set; }

    /// <summary>A source for git reports when a token is configured (or in GITHUB_TOKEN); null without one.</summary>
    public static GitHubApi? ApiWithToken(GitHubReportOptions options, GitHubCache cache, TimeProvider time, HttpMessageHandler? transport = null)
    {
        var api = new GitHubApi(options, cache, time, transport);
        if (api.HasToken)
        {
            return api;
        }

        api.Dispose();
        return null;
    }

    /// <summary>The login of the author of <paramref name="sha"/> in <paramref name="repo"/> (whose address is <paramref name="email"/>), or null.</summary>
    public async Task<string?> LoginAsync(string repo, string sha, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(email);
        if (cache.CommitLogin(api.BaseUrl.Host, email) is { } known)
        {
            return known;
        }

        if (StoppedBecause is not null || _asked.ContainsKey(email))
        {
            return _asked.GetValueOrDefault(email);
        }

        string? login;
        try
        {
            Asked++;
            var response = await api.GetAsync<GitHubCommit>(new Uri($"repos/{repo}/commits/{Uri.EscapeDataString(sha)}", UriKind.Relative), cancellationToken);
            login = response.Body.Author?.Login;
        }
        catch (ReportSourceException ex) when (ex.InnerException is NotFoundException or ApiValidationException)
        {
            login = null;
        }
        catch (ReportSourceException ex)
        {
            StoppedBecause = ex.Message;
            return null;
        }

        _asked[email] = login;
        if (login is not null)
        {
            cache.LearnCommitLogin(api.BaseUrl.Host, email, login);
        }

        return login;
    }
}
