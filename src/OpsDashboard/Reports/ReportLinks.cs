using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsDashboard.Reports;

/// <summary>
/// Every link the post makes, built in one place: pull requests only as https links to the configured GitHub host
/// (or a clone's configured web address), anything else rebuilt from repo and number; mentions as the team writes them,
/// <c>[@login](https://github.com/login)</c>, and only for names GitHub could have given.
/// </summary>
public sealed partial class ReportLinks
{
    private readonly Uri _web;
    private readonly Dictionary<string, Uri> _repoWeb = new(StringComparer.OrdinalIgnoreCase);

    public ReportLinks(ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _web = WebRoot(options.GitHub);
        foreach (var clone in options.Git.Repositories)
        {
            if (Uri.TryCreate(clone.WebUrl?.TrimEnd('/'), UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps)
            {
                _repoWeb[clone.Repo] = url;
            }
        }
    }

    /// <summary>https://github.com, or the GitHub Enterprise host of an …/api/v3/ base URL, unless WebUrl says otherwise.</summary>
    public static Uri WebRoot(GitHubReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.WebUrl))
        {
            return new Uri(options.WebUrl.TrimEnd('/'));
        }

        return Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var api) && api.AbsolutePath.TrimEnd('/').EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase)
            ? new Uri($"https://{api.Authority}")
            : new Uri("https://github.com");
    }

    /// <summary>The pull request's own link when it is https on an allowed host, else one built from repo and number.</summary>
    public string PullRequest(string repo, int number, string? url)
    {
        var root = _repoWeb.TryGetValue(repo, out var clone) ? clone : new Uri(_web, repo.Trim('/'));
        if (Uri.TryCreate(url, UriKind.Absolute, out var given) && given.Scheme == Uri.UriSchemeHttps
            && (Same(given, _web) || Same(given, root)) && string.IsNullOrEmpty(given.UserInfo))
        {
            return given.AbsoluteUri;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{root.AbsoluteUri.TrimEnd('/')}/pull/{number}");
    }

    /// <summary>The repository's pull requests merged in the window's days, on GitHub's search page: where a collapsed line points.</summary>
    public string MergedIn(string repo, ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        var root = _repoWeb.TryGetValue(repo, out var clone) ? clone : new Uri(_web, repo.Trim('/'));
        var query = Uri.EscapeDataString(string.Create(CultureInfo.InvariantCulture, $"is:pr is:merged merged:{window.FirstDay:yyyy-MM-dd}..{window.LastDay:yyyy-MM-dd}"));
        return $"{root.AbsoluteUri.TrimEnd('/')}/pulls?q={query}";
    }

    /// <summary>A GitHub login or app ("dependabot[bot]"); anything else (a git author's full name) is not one.</summary>
    public static bool IsLogin(string author) => Login().IsMatch(author);

    /// <summary>The profile of a login, an app's page for a bot; null for a name that is no login.</summary>
    public string? Profile(string author)
    {
        if (!IsLogin(author))
        {
            return null;
        }

        return author.EndsWith("[bot]", StringComparison.OrdinalIgnoreCase)
            ? $"{_web.AbsoluteUri.TrimEnd('/')}/apps/{author[..^5]}"
            : $"{_web.AbsoluteUri.TrimEnd('/')}/{author}";
    }

    /// <summary><c>[@login](profile)</c>, or the escaped name alone when it is not a login.</summary>
    public string Mention(string author) =>
        Profile(author) is { } profile ? $"[@{PostText.Markdown(author)}]({profile})" : PostText.Markdown(author);

    private static bool Same(Uri url, Uri root) => string.Equals(url.Authority, root.Authority, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}(?:\[bot\])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Login();
}
