using System.Diagnostics;
using System.Globalization;

namespace OpsDashboard.Reports.Git;

/// <summary>
/// Merged pull requests read from local clones (bare ones too) with git itself: the first-parent history of each
/// configured branch, merge and squash commits recognised by <see cref="MergeCommitParser"/>. The merge time is the
/// commit's committer date. First-time contributors come from the same history: an author is new when none of their
/// pull requests landed in any of the repos before the window. Git has no labels, so sections go by repo only.
/// Authors become logins by GitHub's noreply address, the clone's .mailmap, Dashboard:Reports:Git:Logins, and (with
/// <paramref name="commitLogins"/>, when a token is configured) GitHub's commit API; else they are shown by name.
/// </summary>
public sealed class GitReportSource(GitReportOptions options, IReadOnlyList<string> repos, GitHub.CommitLogins? commitLogins = null) : IReportSource
{
    private readonly Dictionary<string, string> _logins = new(options.Logins, StringComparer.OrdinalIgnoreCase);

    public async Task<SourceReading> ReadAsync(ReportWindow window, Func<string, bool> authorsToSkip, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(progress);
        var clones = repos.Select(r => options.Repositories.FirstOrDefault(c => string.Equals(c.Repo, r, StringComparison.OrdinalIgnoreCase))
            ?? throw new ReportInputException($"no clone is configured for {r}: add it to Dashboard:Reports:Git:Repositories.")).ToList();
        var all = new List<MergedPullRequest>();
        for (var i = 0; i < clones.Count; i++)
        {
            progress.Report(new ReportProgress(i, clones.Count, $"reading the history of {clones[i].Repo} ({clones[i].Path})"));
            all.AddRange(await ReadCloneAsync(clones[i], cancellationToken));
        }

        progress.Report(new ReportProgress(clones.Count, clones.Count, "done"));
        var before = all.Where(pr => pr.MergedAt < window.Start).Select(pr => pr.Author).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var inWindow = all.Where(pr => window.Contains(pr.MergedAt)).ToList();
        var firstTime = inWindow.Select(pr => pr.Author).Where(a => !before.Contains(a) && !authorsToSkip(a)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var lookups = commitLogins is null ? ""
            : $"; {commitLogins.Asked} e-mail addresses looked up with GitHub's commit API{(commitLogins.StoppedBecause is { } why ? $", then stopped: {why}" : "")}";
        return new SourceReading(inWindow, firstTime, $"git history of {string.Join(", ", clones.Select(c => c.Repo))}: {all.Count} pull requests in all, {inWindow.Count} in the window{lookups}");
    }

    private async Task<List<MergedPullRequest>> ReadCloneAsync(GitRepositoryOptions clone, CancellationToken cancellationToken)
    {
        var branch = string.IsNullOrWhiteSpace(clone.Branch) ? "HEAD" : clone.Branch;
        var log = await GitAsync(clone, ["log", branch, "--first-parent", "--format=%H%x1f%P%x1f%aN%x1f%aE%x1f%cI%x1f%s%x1f%b%x1e"], cancellationToken);
        var owner = clone.Repo.Split('/')[0];
        var found = log.Split('\x1e', StringSplitOptions.RemoveEmptyEntries)
            .Select(record => record.TrimStart('\n').Split('\x1f'))
            .Where(f => f.Length == 7)
            .Select(f => new GitCommit(f[0], f[1].Split(' ', StringSplitOptions.RemoveEmptyEntries), f[2], f[3], DateTimeOffset.Parse(f[4], CultureInfo.InvariantCulture), f[5], f[6]))
            .Select(c => MergeCommitParser.Parse(c, owner))
            .OfType<PullRequestCommit>()
            .ToList();

        // Merges of branches inside the repo: who wrote the branch tip, asked for all of them at once.
        var tips = found.Where(p => p.Author is null && p.Commit.Parents.Count > 1).Select(p => p.Commit.Parents[1]).Distinct().ToList();
        var tipAuthors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (tips.Count > 0)
        {
            var shown = await GitAsync(clone, ["show", "-s", "--format=%H%x1f%aN%x1f%aE", .. tips], cancellationToken);
            foreach (var fields in shown.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\x1f')).Where(f => f.Length == 3))
            {
                tipAuthors[fields[0]] = await LoginAsync(clone.Repo, fields[0], fields[1], fields[2], cancellationToken);
            }
        }

        var authors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in found.Where(p => p.Author is null && p.Commit.Parents.Count <= 1))
        {
            authors[p.Commit.Sha] = await LoginAsync(clone.Repo, p.Commit.Sha, p.Commit.AuthorName, p.Commit.AuthorEmail, cancellationToken);
        }

        var web = (string.IsNullOrWhiteSpace(clone.WebUrl) ? $"https://github.com/{clone.Repo}" : clone.WebUrl).TrimEnd('/');
        return [.. found.Select(p => new MergedPullRequest(
            clone.Repo,
            p.Number,
            p.Title,
            string.Create(CultureInfo.InvariantCulture, $"{web}/pull/{p.Number}"),
            p.Author ?? tipAuthors.GetValueOrDefault(p.Commit.Parents.ElementAtOrDefault(1) ?? "") ?? authors.GetValueOrDefault(p.Commit.Sha) ?? MergeCommitParser.Login(p.Commit.AuthorName, p.Commit.AuthorEmail, _logins),
            p.Commit.CommittedAt,
            []))];
    }

    /// <summary>Who wrote <paramref name="sha"/>: a login known from the address, else GitHub's commit API's (when asked), else the name.</summary>
    private async Task<string> LoginAsync(string repo, string sha, string name, string email, CancellationToken cancellationToken) =>
        MergeCommitParser.KnownLogin(email, _logins)
        ?? (commitLogins is null ? null : await commitLogins.LoginAsync(repo, sha, email, cancellationToken))
        ?? name;

    private async Task<string> GitAsync(GitRepositoryOptions clone, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(options.Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-C");
        info.ArgumentList.Add(clone.Path);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new ReportSourceException($"{options.Executable} did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ReportSourceException($"cannot run {options.Executable} ({ex.Message}): install git or set Dashboard:Reports:Git:Executable.", ex);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0
                ? await output
                : throw new ReportSourceException($"git cannot read {clone.Repo} at {clone.Path}: {(await error).Trim()}");
        }
    }
}
