using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Reports;

/// <summary>Checks Dashboard:Reports at start, naming every bad key and what to put there. No sections means the report is not set up, which is fine.</summary>
public sealed partial class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = ReportOptions.Section;
        if (string.IsNullOrWhiteSpace(options.Team))
        {
            errors.Add($"{s}:Team is empty: name the team as the post's title should, e.g. \"MozMEAO SRE\".");
        }

        for (var i = 0; i < options.Sections.Count; i++)
        {
            var section = options.Sections[i];
            var key = $"{s}:Sections:{i}";
            if (string.IsNullOrWhiteSpace(section.Name))
            {
                errors.Add($"{key}:Name is empty: give the heading, e.g. SUMO.");
            }

            if (section.Repos.Count == 0 && section.Labels.Count == 0)
            {
                errors.Add($"{key}: give Repos (whose pull requests go under \"{section.Name}\", e.g. mozmeao/infra) or Labels (e.g. sumo), or both.");
            }

            errors.AddRange(section.Repos.Where(r => !RepoName().IsMatch(r)).Select(r => $"{key}:Repos: \"{r}\" is not owner/name, e.g. mozilla/kuma."));
        }

        for (var i = 0; i < options.Links.Count; i++)
        {
            var link = options.Links[i];
            if (string.IsNullOrWhiteSpace(link.Title) || !IsHttpUrl(link.Url))
            {
                errors.Add($"{s}:Links:{i} needs a Title and an http(s) Url; got \"{link.Title}\" and \"{link.Url}\".");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.GitHub.WebUrl) && !IsHttpsUrl(options.GitHub.WebUrl))
        {
            errors.Add($"{s}:GitHub:WebUrl must be an https URL where pull requests and people are linked, e.g. https://github.com; got \"{options.GitHub.WebUrl}\".");
        }

        if (!string.IsNullOrWhiteSpace(options.DashboardUrl) && !IsHttpUrl(options.DashboardUrl))
        {
            errors.Add($"{s}:DashboardUrl must be the dashboard's http(s) address, put before the post's /timeline links, e.g. https://ops.example.com; got \"{options.DashboardUrl}\".");
        }

        if (options.IncidentMinimum < TimeSpan.Zero)
        {
            errors.Add($"{s}:IncidentMinimum must be zero or more (how long a tile must be CRITICAL or ERROR to be an incident of the post, e.g. 00:05:00); got {options.IncidentMinimum}.");
        }

        errors.AddRange(options.ExcludeLabels.Select((label, i) => (label, i)).Where(l => string.IsNullOrWhiteSpace(l.label))
            .Select(l => $"{s}:ExcludeLabels:{l.i} is empty: give a label whose pull requests to leave out, e.g. skip-changelog."));
        CheckFileName(errors, options.FileName);
        if (!string.IsNullOrWhiteSpace(options.TemplatePath))
        {
            try
            {
                ReportRenderer.FromFile(options.TemplatePath, options.DateStyle);
            }
            catch (ReportInputException ex)
            {
                errors.Add($"{s}:TemplatePath: {ex.Message}");
            }
        }

        if (string.IsNullOrWhiteSpace(options.StatePath))
        {
            errors.Add($"{s}:StatePath is empty: give a file where the end of the last report is kept, e.g. data/report-state.json.");
        }

        if (options.Source == ReportSourceKind.GitHub)
        {
            CheckGitHub(errors, options.GitHub);
        }
        else if (options.Sections.Count > 0)
        {
            CheckGit(errors, options);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckFileName(List<string> errors, string fileName)
    {
        const string key = $"{ReportOptions.Section}:FileName";
        try
        {
            var name = string.Format(CultureInfo.InvariantCulture, fileName, new DateOnly(2017, 12, 5));
            if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['/', '\\']) >= 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                errors.Add($"{key} must give a file name without a folder (the folder is --out), e.g. {{0:yyyy-MM-dd}}-sre-status.md; got \"{fileName}\".");
            }
        }
        catch (FormatException)
        {
            errors.Add($"{key} \"{fileName}\" is not a format string: {{0}} is the report's last day, e.g. {{0:yyyy-MM-dd}}-sre-status.md.");
        }
    }

    private static void CheckGitHub(List<string> errors, GitHubReportOptions github)
    {
        const string key = $"{ReportOptions.Section}:GitHub";
        if (!IsHttpUrl(github.BaseUrl))
        {
            errors.Add($"{key}:BaseUrl must be an http(s) URL: https://api.github.com/ or, for GitHub Enterprise, https://HOST/api/v3/; got \"{github.BaseUrl}\".");
        }

        if (github.MaxQueryLength is < 100 or > 1024)
        {
            errors.Add($"{key}:MaxQueryLength must be between 100 and 1024 characters (GitHub refuses queries over 256); got {github.MaxQueryLength}.");
        }

        if (github.PageSize is < 1 or > 100)
        {
            errors.Add($"{key}:PageSize must be between 1 and 100 (GitHub's largest page); got {github.PageSize}.");
        }

        if (github.MaxRateLimitWait < TimeSpan.Zero)
        {
            errors.Add($"{key}:MaxRateLimitWait must be zero (never wait) or a positive duration such as 00:02:00; got {github.MaxRateLimitWait}.");
        }

        if (github.ReuseFor < TimeSpan.Zero)
        {
            errors.Add($"{key}:ReuseFor must be zero (always ask GitHub) or a positive duration such as 01:00:00; got {github.ReuseFor}.");
        }

        if (string.IsNullOrWhiteSpace(github.CachePath))
        {
            errors.Add($"{key}:CachePath is empty: give a file for ETags and known contributors, e.g. data/github-cache.json.");
        }
    }

    private static void CheckGit(List<string> errors, ReportOptions options)
    {
        const string key = $"{ReportOptions.Section}:Git:Repositories";
        var configured = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Git.Repositories.Count; i++)
        {
            var repo = options.Git.Repositories[i];
            configured.Add(repo.Repo);
            if (!RepoName().IsMatch(repo.Repo))
            {
                errors.Add($"{key}:{i}:Repo \"{repo.Repo}\" is not owner/name, e.g. mozmeao/infra.");
            }

            if (string.IsNullOrWhiteSpace(repo.Path))
            {
                errors.Add($"{key}:{i}:Path is empty: give the local clone (a bare one is fine).");
            }

            if (repo.WebUrl is { } web && !IsHttpsUrl(web))
            {
                errors.Add($"{key}:{i}:WebUrl must be an https URL (the post links nothing else) such as https://github.com/{repo.Repo}; got \"{web}\".");
            }
        }

        errors.AddRange(options.Git.Logins.Where(l => !l.Key.Contains('@', StringComparison.Ordinal) || !ReportLinks.IsLogin(l.Value))
            .Select(l => $"{ReportOptions.Section}:Git:Logins: \"{l.Key}\" = \"{l.Value}\" must map a commit e-mail address to a GitHub login, e.g. \"daniel@example.com\": \"ddbeck\"."));
        errors.AddRange(options.Repos.Where(r => !configured.Contains(r)).Select(r => $"{key}: no clone is configured for \"{r}\", which a section lists; add one with Repo={r} and its Path."));
    }

    private static bool IsHttpsUrl(string? value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "https";

    private static bool IsHttpUrl(string? value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    [GeneratedRegex(@"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepoName();
}
