using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OpsDashboard.Reports;
using OpsDashboard.Reports.GitHub;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.GitHub;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.Reports;

/// <summary>
/// The weekly report's GitHub source against a real @octokit/fixtures-server: 20 repos, one week, 300 merged PRs by 40
/// authors. Counts the API calls and times three runs: the first with an empty cache file; a repeat run that loads the
/// file the first one wrote (within ReuseFor: a closed window's answers are used without asking); and a later one
/// after ReuseFor has passed (every page revalidated with If-None-Match). Goals: first run ≤ search pages + one call per unseen author; the
/// repeat run ≤ 10 % of the first's calls. The fixtures server answers only the requests it recorded, in order, so a
/// run that made any other call would fail.
/// </summary>
public static class ReportGitHubScenario
{
    public const string Usage = "report-github [--prs 300] [--authors 40] [--first-time 8] [--out FILE]";

    private static readonly string[] Repos =
    [
        "mozmeao/infra", "mozilla/kuma", "mozilla/bedrock", "mozilla/kitsune", "mdn/interactive-examples", "mdn/browser-compat-data",
        "mozmeao/sumo-infra", "mozmeao/cloudflare-datadog", "mozmeao/django-allow-cidr", "mozilla/kumascript", "mozmeao/www-config",
        "mozmeao/snippets-service", "mozilla/basket", "mozilla/nucleus", "mozmeao/bedrock-db", "mozilla/mdn-dashboards",
        "mozmeao/infra-docs", "mozilla/pontoon", "mozmeao/k8s-charts", "mozilla/addons-server",
    ];

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var prCount = ScenarioArgs.Number(args, "--prs", 300);
        var authorCount = ScenarioArgs.Number(args, "--authors", 40);
        var firstTimeCount = ScenarioArgs.Number(args, "--first-time", 8);
        var outFile = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault();
        var start = new DateTimeOffset(2017, 11, 28, 0, 0, 0, TimeSpan.Zero);
        var window = new ReportWindow(start, start.AddDays(7));
        var authors = Enumerable.Range(1, authorCount).Select(i => $"sre-contributor-{i:00}").ToList();
        var prs = Enumerable.Range(0, prCount).Select(i => new PullRequestBuilder(Repos[i % Repos.Length], 1000 + i, $"Change number {i}")
            .By(authors[(i * 7) % authors.Count]).At(start.AddMinutes(10 + (i * 7d * 24 * 60 / prCount))).Build()).ToList();
        var options = new GitHubReportOptions { BaseUrl = "http://unused/", Token = "0000000000000000000000000000000000000001" };

        // The recorded session: first run (every page, first-time lookups, several authors per search), then a run after ReuseFor (every page, 304).
        // The repeat run within ReuseFor asks nothing, so it needs nothing recorded; any request it made would fail.
        var queries = SearchQueries.Batch("is:pr is:merged " + SearchQueries.MergedRange(window.Start, window.End), Repos.Select(r => "repo:" + r), options.MaxQueryLength);
        var first = new GitHubRecording(options.Token);
        var repeat = new GitHubRecording(options.Token);
        foreach (var query in queries)
        {
            var batch = prs.Where(pr => query.Contains("repo:" + pr.Repo + " ", StringComparison.Ordinal) || query.EndsWith("repo:" + pr.Repo, StringComparison.Ordinal)).ToList();
            first.Search(query, batch, options.PageSize);
            repeat.Search(query, batch, options.PageSize, conditional: true);
        }

        var searchPages = first.Count;
        var owners = string.Join(' ', Repos.Select(r => "user:" + r.Split('/')[0]).Distinct(StringComparer.Ordinal));
        IReadOnlyList<MergedPullRequest> Earlier(string author) => authors.IndexOf(author) < firstTimeCount
            ? []
            : [new PullRequestBuilder(Repos[authors.IndexOf(author) % Repos.Length], 10, "earlier").By(author).On(6, 1).Build()];
        first.FirstTimeLookups($"is:pr is:merged {SearchQueries.MergedBefore(window.Start)} {owners}", [.. authors.Order(StringComparer.OrdinalIgnoreCase)], Earlier, pr => pr.MergedAt < window.Start, options.PageSize, options.MaxQueryLength);
        var lookups = first.Count - searchPages;

        // One recorded session for both runs: one GitHub at one address, as the cache expects.
        var session = new JsonArray([.. first.Fixtures.Concat(repeat.Fixtures).Select(f => f!.DeepClone())]);
        await using var server = await FixturesServer.StartAsync(new Dictionary<string, JsonArray> { ["report-week"] = session }, cancellationToken);
        var baseUrl = await server.LoadAsync("report-week", cancellationToken);
        using var dir = new TempDirectory();
        options.CachePath = dir.File("github-cache.json");
        Console.WriteLine($"report-github: {Repos.Length} repos, {prs.Count} PRs by {authors.Count} authors ({firstTimeCount} first-time), window {window.Describe()}");
        Console.WriteLine($"queries: {queries.Count} (longest {queries.Max(q => q.Length)} characters, limit {options.MaxQueryLength}); search pages of {options.PageSize}: {searchPages}");

        options.BaseUrl = baseUrl.ToString();
        var firstRun = await MeasureAsync(options, window, cancellationToken);
        var repeatRun = await MeasureAsync(options, window, cancellationToken);

        // A run after ReuseFor has passed: every page asked again with If-None-Match (answered from the recorded 304s).
        options.ReuseFor = TimeSpan.Zero;
        var laterRun = await MeasureAsync(options, window, cancellationToken);
        var firstGoal = searchPages + authors.Count;
        var rows = new List<string>
        {
            "| | First run (empty cache) | Repeat run (cache file from the first, within ReuseFor) | Repeat ÷ first | Later run (ReuseFor passed: conditional requests) | Later ÷ first |",
            "|---|---:|---:|---:|---:|---:|",
            Row("HTTP requests", firstRun.Calls.Requests, repeatRun.Calls.Requests, laterRun.Calls.Requests),
            Row("Requests charged to the rate limit (not 304)", firstRun.Calls.Charged, repeatRun.Calls.Charged, laterRun.Calls.Charged),
            Row("Answered 304 Not Modified", firstRun.Calls.NotModified, repeatRun.Calls.NotModified, laterRun.Calls.NotModified),
            Row("Answers reused from the cache without asking", firstRun.Calls.Reused, repeatRun.Calls.Reused, laterRun.Calls.Reused),
            string.Create(CultureInfo.InvariantCulture, $"| Wall time | {firstRun.Elapsed.TotalMilliseconds:0} ms | {repeatRun.Elapsed.TotalMilliseconds:0} ms | {repeatRun.Elapsed / firstRun.Elapsed:0.00} | {laterRun.Elapsed.TotalMilliseconds:0} ms | {laterRun.Elapsed / firstRun.Elapsed:0.00} |"),
            string.Create(CultureInfo.InvariantCulture, $"| PRs in the report / first-time contributors | {firstRun.Reading.PullRequests.Count} / {firstRun.Reading.FirstTimeContributors.Count} | {repeatRun.Reading.PullRequests.Count} / {repeatRun.Reading.FirstTimeContributors.Count} | | {laterRun.Reading.PullRequests.Count} / {laterRun.Reading.FirstTimeContributors.Count} | |"),
        };
        var firstOk = firstRun.Calls.Requests <= firstGoal && lookups < authors.Count;
        var repeatOk = repeatRun.Calls.Requests <= firstRun.Calls.Requests * 0.10;
        rows.Add("");
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"Goal 1, first run ≤ search pages + one per unseen author = {searchPages} + {authors.Count} = {firstGoal}, and fewer first-time searches than authors: {firstRun.Calls.Requests} requests = {searchPages} pages + {lookups} first-time searches for {authors.Count} authors ({(double)lookups / authors.Count:0.00} per author), {(firstOk ? "met" : "NOT met")}."));
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"Goal 2, repeat run ≤ 10 % of the first's calls: {repeatRun.Calls.Requests} requests = {100.0 * repeatRun.Calls.Requests / firstRun.Calls.Requests:0.0} % ({repeatRun.Calls.Charged} charged = {100.0 * repeatRun.Calls.Charged / firstRun.Calls.Charged:0.0} %), {(repeatOk ? "met" : "NOT met")}."));
        rows.Add(string.Create(CultureInfo.InvariantCulture, $"After ReuseFor, a repeat run asks again: {laterRun.Calls.Requests} requests = {100.0 * laterRun.Calls.Requests / firstRun.Calls.Requests:0.0} % of the first's, {laterRun.Calls.Charged} charged to the rate limit."));
        var correct = new[] { firstRun, repeatRun, laterRun }.All(run => run.Reading.PullRequests.Count == prs.Count && run.Reading.FirstTimeContributors.Count == firstTimeCount);
        rows.Add(correct ? "All three runs found every PR and exactly the first-time contributors." : "WRONG RESULT: a run missed PRs or misjudged first-time contributors.");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        if (outFile is not null)
        {
            await File.WriteAllLinesAsync(outFile, rows, cancellationToken);
        }

        return firstOk && repeatOk && correct ? 0 : 1;
    }

    /// <summary>One run as the CLI makes it: the cache file loaded afresh, the source built, the window read.</summary>
    private static async Task<(GitHubCallCount Calls, TimeSpan Elapsed, SourceReading Reading)> MeasureAsync(GitHubReportOptions options, ReportWindow window, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var source = new GitHubReportSource(Repos, options, GitHubCache.Load(options.CachePath), TimeProvider.System);
        var reading = await source.ReadAsync(window, _ => false, new Progress<ReportProgress>(), cancellationToken);
        return (source.Calls, clock.Elapsed, reading);
    }

    private static string Row(string what, int first, int repeat, int later) =>
        string.Create(CultureInfo.InvariantCulture, $"| {what} | {first} | {repeat} | {Ratio(repeat, first)} | {later} | {Ratio(later, first)} |");

    private static string Ratio(int part, int whole) => whole == 0 ? "" : (part / (double)whole).ToString("0.00", CultureInfo.InvariantCulture);
}
