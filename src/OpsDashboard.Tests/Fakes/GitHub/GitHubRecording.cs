using System.Globalization;
using System.Text.Json.Nodes;
using OpsDashboard.Reports;
using OpsDashboard.Reports.GitHub;

namespace OpsDashboard.Tests.Fakes.GitHub;

/// <summary>
/// Writes GitHub search sessions in @octokit/fixtures' nock JSON format (scope, method, path, reqheaders, status,
/// response, headers), request by request in the order the source sends them, for <see cref="TestSupport.FixturesServer"/>.
/// A GitHub Enterprise session has its own host and the /api/v3 prefix.
/// </summary>
public sealed class GitHubRecording(string token = "0000000000000000000000000000000000000001", string host = "api.github.com", string prefix = "")
{
    private readonly JsonArray _fixtures = [];
    private int _searchRemaining = 30;

    public JsonArray Fixtures => _fixtures;

    public int Count => _fixtures.Count;

    /// <summary>Every page of one search: <paramref name="items"/> split into pages of <paramref name="perPage"/>.</summary>
    public GitHubRecording Search(string query, IReadOnlyList<MergedPullRequest> items, int perPage = 100, int? totalCount = null, bool conditional = false)
    {
        var pages = Math.Max(1, (int)Math.Ceiling(items.Count / (double)perPage));
        for (var page = 1; page <= pages; page++)
        {
            var link = page < pages ? $"<{PageUrl(query, perPage, page + 1)}>; rel=\"next\", <{PageUrl(query, perPage, pages)}>; rel=\"last\"" : null;
            var body = new JsonObject
            {
                ["total_count"] = totalCount ?? items.Count,
                ["incomplete_results"] = false,
                ["items"] = new JsonArray([.. items.Skip((page - 1) * perPage).Take(perPage).Select(Item)]),
            };
            var etag = ETag(query, page);
            Add(prefix + PagePath(query, perPage, page), conditional ? 304 : 200, conditional ? "" : body, etag, link, conditional ? etag : null);
        }

        return this;
    }

    /// <summary>
    /// First-time lookups as GitHub answers them: <paramref name="authors"/> (in order) packed into
    /// <c>{prefix} author:a author:b …</c> queries of at most <paramref name="maxLength"/> characters, each answered with
    /// the earlier PRs of its authors (<paramref name="earlier"/>, in author order). When a page the source reads shows a
    /// PR that <paramref name="counts"/> (in the repos, before the window), those authors are settled and the rest asked
    /// again; a query whose results were all read settles all of its authors.
    /// </summary>
    public GitHubRecording FirstTimeLookups(string prefix, IReadOnlyList<string> authors, Func<string, IReadOnlyList<MergedPullRequest>> earlier, Func<MergedPullRequest, bool> counts, int perPage = 100, int maxLength = 256)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(counts);
        var pending = authors.ToList();
        while (pending.Count > 0)
        {
            var query = SearchQueries.Batch(prefix, pending.Select(a => "author:" + a), maxLength)[0];
            var batch = pending.Take(query.Split(' ').Count(q => q.StartsWith("author:", StringComparison.Ordinal))).ToList();
            var items = batch.SelectMany(earlier).ToList();
            Search(query, items, perPage);
            var pages = items.Chunk(perPage).ToList();
            var first = pages.FindIndex(page => page.Any(counts));
            var complete = first < 0 || first == pages.Count - 1;
            pending.RemoveAll(a => batch.Contains(a) && (complete || pages[first].Any(pr => counts(pr) && pr.Author == a)));
        }

        return this;
    }

    /// <summary>A search answered with <paramref name="status"/> and GitHub's error body.</summary>
    public GitHubRecording SearchFails(string query, int status, string message, string? errorMessage = null, int perPage = 100, int? remaining = null, DateTimeOffset? reset = null, TimeSpan? retryAfter = null, string? documentationUrl = null)
    {
        var body = new JsonObject { ["message"] = message, ["documentation_url"] = documentationUrl ?? "https://docs.github.com/rest/search/search#search-issues-and-pull-requests" };
        if (errorMessage is not null)
        {
            body["errors"] = new JsonArray(new JsonObject { ["message"] = errorMessage, ["resource"] = "Search", ["field"] = "q", ["code"] = "invalid" });
        }

        Add(prefix + PagePath(query, perPage, 1), status, body, null, null, null, remaining, reset, retryAfter);
        return this;
    }

    /// <summary>The next response says the search limit is spent until <paramref name="reset"/>.</summary>
    public GitHubRecording SearchWithLimit(string query, IReadOnlyList<MergedPullRequest> items, int remaining, DateTimeOffset reset)
    {
        var body = new JsonObject { ["total_count"] = items.Count, ["incomplete_results"] = false, ["items"] = new JsonArray([.. items.Select(Item)]) };
        Add(prefix + PagePath(query, 100, 1), 200, body, ETag(query, 1), null, null, remaining, reset);
        return this;
    }

    /// <summary>GitHub's commit API for one commit: its author's account (<paramref name="login"/>), or none linked (null).</summary>
    public GitHubRecording Commit(string repo, string sha, string? login, bool conditional = false)
    {
        var body = new JsonObject
        {
            ["sha"] = sha,
            ["url"] = $"https://{host}{prefix}/repos/{repo}/commits/{sha}",
            ["commit"] = new JsonObject { ["message"] = "", ["author"] = new JsonObject { ["name"] = login ?? "someone", ["email"] = "hidden@example.com", ["date"] = "2017-11-21T12:00:00Z" } },
            ["author"] = login is null ? null : new JsonObject { ["login"] = login, ["id"] = Math.Abs(login.GetHashCode(StringComparison.Ordinal)), ["type"] = "User", ["site_admin"] = false },
            ["parents"] = new JsonArray(),
        };
        var etag = ETag(repo + "@" + sha, 1);
        Add($"{prefix}/repos/{repo}/commits/{sha}", conditional ? 304 : 200, conditional ? "" : body, etag, null, conditional ? etag : null, resource: "core");
        return this;
    }

    /// <summary>The commit API answering <paramref name="status"/> with GitHub's error body and the core limit at <paramref name="remaining"/>.</summary>
    public GitHubRecording CommitFails(string repo, string sha, int status, string message, int remaining, DateTimeOffset reset)
    {
        var body = new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting" };
        Add($"{prefix}/repos/{repo}/commits/{sha}", status, body, null, null, null, remaining, reset, resource: "core");
        return this;
    }

    public static string PagePath(string query, int perPage, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"/search/issues?q={Uri.EscapeDataString(query)}&per_page={perPage}") + (page > 1 ? string.Create(CultureInfo.InvariantCulture, $"&page={page}") : "");

    private string PageUrl(string query, int perPage, int page) => $"https://{host}{prefix}" + PagePath(query, perPage, page);

    private static string ETag(string query, int page) => $"\"{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(query + "#" + page)))[..32].ToLowerInvariant()}\"";

    private void Add(string path, int status, JsonNode body, string? etag, string? link, string? ifNoneMatch, int? remaining = null, DateTimeOffset? reset = null, TimeSpan? retryAfter = null, string resource = "search")
    {
        var reqheaders = new JsonObject { ["accept"] = "application/vnd.github.v3+json", ["authorization"] = $"token {token}", ["host"] = host };
        if (ifNoneMatch is not null)
        {
            reqheaders["if-none-match"] = ifNoneMatch;
        }

        if (status != 304 && resource == "search")
        {
            _searchRemaining = Math.Max(0, _searchRemaining - 1);
        }

        var headers = new JsonObject
        {
            ["content-type"] = "application/json; charset=utf-8",
            ["x-ratelimit-limit"] = resource == "search" ? "30" : "5000",
            ["x-ratelimit-remaining"] = (remaining ?? (resource == "search" ? _searchRemaining : 4999)).ToString(CultureInfo.InvariantCulture),
            ["x-ratelimit-reset"] = (reset ?? new DateTimeOffset(2017, 12, 5, 12, 1, 0, TimeSpan.Zero)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["x-ratelimit-resource"] = resource,
        };
        if (etag is not null)
        {
            headers["etag"] = etag;
        }

        if (link is not null)
        {
            headers["link"] = link;
        }

        if (retryAfter is { } wait)
        {
            headers["retry-after"] = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        _fixtures.Add(new JsonObject
        {
            ["scope"] = $"https://{host}:443",
            ["method"] = "get",
            ["path"] = path,
            ["body"] = "",
            ["status"] = status,
            ["response"] = body,
            ["reqheaders"] = reqheaders,
            ["responseIsBinary"] = false,
            ["headers"] = headers,
        });
    }

    private static JsonObject Item(MergedPullRequest pr)
    {
        var merged = pr.MergedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var bot = pr.Author.EndsWith("[bot]", StringComparison.Ordinal);
        return new JsonObject
        {
            ["url"] = $"https://api.github.com/repos/{pr.Repo}/issues/{pr.Number}",
            ["repository_url"] = $"https://api.github.com/repos/{pr.Repo}",
            ["html_url"] = pr.Url,
            ["id"] = pr.Number,
            ["number"] = pr.Number,
            ["title"] = pr.Title,
            ["user"] = new JsonObject { ["login"] = pr.Author, ["id"] = Math.Abs(pr.Author.GetHashCode(StringComparison.Ordinal)), ["type"] = bot ? "Bot" : "User", ["site_admin"] = false },
            ["labels"] = new JsonArray([.. pr.Labels.Select(l => new JsonObject { ["name"] = l, ["color"] = "ededed", ["default"] = false })]),
            ["state"] = "closed",
            ["locked"] = false,
            ["comments"] = 0,
            ["created_at"] = merged,
            ["updated_at"] = merged,
            ["closed_at"] = merged,
            ["author_association"] = "MEMBER",
            ["pull_request"] = new JsonObject
            {
                ["url"] = $"https://api.github.com/repos/{pr.Repo}/pulls/{pr.Number}",
                ["html_url"] = pr.Url,
                ["diff_url"] = pr.Url + ".diff",
                ["patch_url"] = pr.Url + ".patch",
                ["merged_at"] = merged,
            },
            ["body"] = "",
            ["score"] = 1.0,
        };
    }
}
