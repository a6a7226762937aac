using System.Text.Json;

namespace OpsDashboard.Reports.GitHub;

/// <summary>
/// A response kept for a conditional request: its ETag, body and the headers Octokit reads (paging links), and when
/// GitHub last confirmed it (fetched, or answered 304).
/// </summary>
public sealed record CachedResponse(string ETag, string Body, string? ContentType, string? Link, DateTimeOffset? ConfirmedAt = null);

/// <summary>
/// What is known of an author's merged pull requests in the configured repos: one merged at <see cref="MergedAt"/>, and
/// none merged before <see cref="NoneBefore"/>. Either settles "first time?" for many windows without asking again.
/// </summary>
public sealed record AuthorHistory(DateTimeOffset? MergedAt, DateTimeOffset? NoneBefore)
{
    /// <summary>True: a PR was merged before <paramref name="start"/>; false: none was; null: not known, ask.</summary>
    public bool? MergedBefore(DateTimeOffset start) =>
        MergedAt < start ? true : NoneBefore >= start ? false : null;
}

/// <summary>
/// The GitHub source's memory between runs, in one JSON file: ETags with their responses (repeat runs send conditional
/// requests) and authors' histories per set of repos (one search per author, ever, for most authors).
/// </summary>
public sealed class GitHubCache
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly Lock _gate = new();
    private CacheFile _file = new();

    private GitHubCache(string? path)
    {
        Path = path;
    }

    public string? Path { get; }

    /// <summary>A cache that lives only as long as this object (tests, or no path configured).</summary>
    public static GitHubCache InMemory() => new(null);

    /// <summary>Loads the file; a missing or unreadable one starts empty (the cache only saves calls, never changes results).</summary>
    public static GitHubCache Load(string path)
    {
        var cache = new GitHubCache(path);
        try
        {
            if (File.Exists(path))
            {
                cache._file = JsonSerializer.Deserialize<CacheFile>(File.ReadAllText(path), Json) ?? new CacheFile();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            cache._file = new CacheFile();
        }

        return cache;
    }

    public CachedResponse? Response(string url)
    {
        lock (_gate)
        {
            return _file.Responses.GetValueOrDefault(url);
        }
    }

    public void Store(string url, CachedResponse response)
    {
        lock (_gate)
        {
            _file.Responses[url] = response;
        }
    }

    public AuthorHistory? Author(string repoSet, string login)
    {
        lock (_gate)
        {
            return _file.Authors.GetValueOrDefault(Key(repoSet, login));
        }
    }

    /// <summary>Adds what was learnt: the earliest known merge and the latest instant known to have none before it.</summary>
    public void Learn(string repoSet, string login, DateTimeOffset? mergedAt, DateTimeOffset? noneBefore)
    {
        lock (_gate)
        {
            var key = Key(repoSet, login);
            var old = _file.Authors.GetValueOrDefault(key) ?? new AuthorHistory(null, null);
            _file.Authors[key] = new AuthorHistory(Min(old.MergedAt, mergedAt), Max(old.NoneBefore, noneBefore));
        }
    }

    /// <summary>The login GitHub's commit API gave for a commit e-mail address on <paramref name="host"/>, if it gave one before.</summary>
    public string? CommitLogin(string host, string email)
    {
        lock (_gate)
        {
            return _file.CommitLogins.GetValueOrDefault(host + "|" + email.ToUpperInvariant());
        }
    }

    public void LearnCommitLogin(string host, string email, string login)
    {
        lock (_gate)
        {
            _file.CommitLogins[host + "|" + email.ToUpperInvariant()] = login;
        }
    }

    /// <summary>Written whole (temp file renamed) or not at all; a failure to write costs calls next time, nothing else.</summary>
    public void Save()
    {
        if (Path is null)
        {
            return;
        }

        string text;
        lock (_gate)
        {
            text = JsonSerializer.Serialize(_file, Json);
        }

        try
        {
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path)) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }

            var temp = Path + ".tmp";
            File.WriteAllText(temp, text);
            File.Move(temp, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next run asks GitHub again.
        }
    }

    private static string Key(string repoSet, string login) => repoSet + "|" + login.ToUpperInvariant();

    private static DateTimeOffset? Min(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private sealed class CacheFile
    {
        public Dictionary<string, CachedResponse> Responses { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, AuthorHistory> Authors { get; set; } = new(StringComparer.Ordinal);

        /// <summary>Commit e-mail addresses to the logins GitHub's commit API linked them to (the git source's lookups).</summary>
        public Dictionary<string, string> CommitLogins { get; set; } = new(StringComparer.Ordinal);
    }
}
