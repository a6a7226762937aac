using System.Globalization;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>A real git repository the test builds: commits, branches and merges with the dates and authors it chooses.</summary>
public sealed class GitRepository : IDisposable
{
    private readonly TempDirectory _dir = new();

    private GitRepository()
    {
    }

    public string Path => _dir.File("repo");

    public static async Task<GitRepository> InitAsync(CancellationToken cancellationToken)
    {
        var repo = new GitRepository();
        Directory.CreateDirectory(repo.Path);
        await repo.GitAsync(null, cancellationToken, "init", "-q", "-b", "main");
        await repo.CommitAsync("Initial commit", "Dave Parfitt <metadave@users.noreply.github.com>", new DateTimeOffset(2017, 6, 1, 9, 0, 0, TimeSpan.Zero), cancellationToken);
        return repo;
    }

    /// <summary>A commit on the current branch touching one file; the author is "Name &lt;email&gt;".</summary>
    public async Task CommitAsync(string message, string author, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await File.AppendAllTextAsync(System.IO.Path.Combine(Path, "CHANGES"), message + "\n", cancellationToken);
        await GitAsync(null, cancellationToken, "add", "CHANGES");
        await GitAsync(at, cancellationToken, "commit", "-q", "--author", author, "-m", message);
    }

    /// <summary>A commit adding <paramref name="file"/> (a .mailmap, say) with <paramref name="content"/>.</summary>
    public async Task CommitFileAsync(string file, string content, string message, string author, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, file), content, cancellationToken);
        await GitAsync(null, cancellationToken, "add", file);
        await GitAsync(at, cancellationToken, "commit", "-q", "--author", author, "-m", message);
    }

    /// <summary>A branch with one commit by <paramref name="author"/>, merged into main with GitHub's merge-commit message.</summary>
    public async Task MergePullRequestAsync(int number, string from, string title, string author, DateTimeOffset mergedAt, CancellationToken cancellationToken)
    {
        var branch = "pr-" + number.ToString(CultureInfo.InvariantCulture);
        await GitAsync(null, cancellationToken, "checkout", "-q", "-b", branch);
        await CommitAsync(title, author, mergedAt.AddHours(-2), cancellationToken);
        await GitAsync(null, cancellationToken, "checkout", "-q", "main");
        await GitAsync(mergedAt, cancellationToken, "merge", "-q", "--no-ff", branch, "-m", $"Merge pull request #{number} from {from}", "-m", title);
    }

    /// <summary>A bare clone beside the repository, as a server keeps it.</summary>
    public async Task<string> CloneBareAsync(CancellationToken cancellationToken)
    {
        var bare = _dir.File("repo.git");
        var result = await ChildProcess.RunAsync(ChildProcess.StartInfo("git", ["clone", "-q", "--bare", Path, bare]), cancellationToken);
        return result.ExitCode == 0 ? bare : throw new InvalidOperationException($"git clone --bare failed: {result.Error}");
    }

    /// <summary>The commit <paramref name="revision"/> names (HEAD, HEAD^2, …).</summary>
    public async Task<string> ShaAsync(string revision, CancellationToken cancellationToken)
    {
        var result = await ChildProcess.RunAsync(ChildProcess.StartInfo("git", ["-C", Path, "rev-parse", revision]), cancellationToken);
        return result.ExitCode == 0 ? result.Output.Trim() : throw new InvalidOperationException($"git rev-parse {revision} failed: {result.Error}");
    }

    public void Dispose() => _dir.Dispose();

    private async Task GitAsync(DateTimeOffset? at, CancellationToken cancellationToken, params string[] args)
    {
        var info = ChildProcess.StartInfo("git", ["-C", Path, "-c", "user.name=GitHub", "-c", "user.email=noreply@github.com", "-c", "commit.gpgsign=false", .. args]);
        if (at is { } when)
        {
            var text = when.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
            info.Environment["GIT_AUTHOR_DATE"] = text;
            info.Environment["GIT_COMMITTER_DATE"] = text;
        }

        var result = await ChildProcess.RunAsync(info, cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {result.Error}");
        }
    }
}
