using System.Text.RegularExpressions;

namespace OpsDashboard.Reports.Git;

/// <summary>One commit on a branch's first-parent line, as <c>git log</c> printed it.</summary>
public sealed record GitCommit(string Sha, IReadOnlyList<string> Parents, string AuthorName, string AuthorEmail, DateTimeOffset CommittedAt, string Subject, string Body);

/// <summary>What a commit says about a pull request: its number and title, and who opened it when the commit tells.</summary>
public sealed record PullRequestCommit(int Number, string Title, string? Author, GitCommit Commit);

/// <summary>
/// Recognises GitHub's two ways of landing a pull request: a merge commit ("Merge pull request #N from owner/branch",
/// the PR title on the body's first line) and a squash commit ("Title (#N)").
/// </summary>
public static partial class MergeCommitParser
{
    public static PullRequestCommit? Parse(GitCommit commit, string repoOwner)
    {
        ArgumentNullException.ThrowIfNull(commit);
        if (MergeSubject().Match(commit.Subject) is { Success: true } merge)
        {
            var title = commit.Body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? merge.Groups["branch"].Value;
            var owner = merge.Groups["owner"].Value;

            // A branch in the repo itself names the organisation, not the person: the branch tip's author tells who.
            return new PullRequestCommit(int.Parse(merge.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture), title, string.Equals(owner, repoOwner, StringComparison.OrdinalIgnoreCase) ? null : owner, commit);
        }

        if (commit.Parents.Count <= 1 && SquashSubject().Match(commit.Subject) is { Success: true } squash)
        {
            return new PullRequestCommit(int.Parse(squash.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture), squash.Groups["title"].Value.Trim(), NoReplyLogin(commit.AuthorEmail), commit);
        }

        return null;
    }

    /// <summary>The GitHub login when the address is GitHub's noreply one (12345+login@users.noreply.github.com), else null.</summary>
    public static string? NoReplyLogin(string email) =>
        NoReply().Match(email) is { Success: true } m ? m.Groups["login"].Value : null;

    /// <summary>
    /// Who wrote a commit, as a GitHub login: from GitHub's noreply address, else from <paramref name="logins"/>
    /// (Dashboard:Reports:Git:Logins, e-mail to login), else the author's name (which the post shows unlinked, never as
    /// an @mention). Name and e-mail are as .mailmap maps them (git log's %aN and %aE).
    /// </summary>
    public static string Login(string name, string email, IReadOnlyDictionary<string, string> logins) =>
        KnownLogin(email, logins) ?? name;

    /// <summary>The login the address gives without asking GitHub (noreply, or the configured map); null when neither does.</summary>
    public static string? KnownLogin(string email, IReadOnlyDictionary<string, string> logins)
    {
        ArgumentNullException.ThrowIfNull(logins);
        return NoReplyLogin(email) ?? (logins.TryGetValue(email, out var login) ? login : null);
    }

    [GeneratedRegex(@"^Merge pull request #(?<number>\d+) from (?<owner>[^/\s]+)/(?<branch>\S+)")]
    private static partial Regex MergeSubject();

    [GeneratedRegex(@"^(?<title>.+) \(#(?<number>\d+)\)$")]
    private static partial Regex SquashSubject();

    [GeneratedRegex(@"^(?:\d+\+)?(?<login>[A-Za-z0-9-]+(?:\[bot\])?)@users\.noreply\.github\.com$", RegexOptions.IgnoreCase)]
    private static partial Regex NoReply();
}
