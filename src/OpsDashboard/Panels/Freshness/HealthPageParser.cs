using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OpsDashboard.Panels.Freshness;

/// <summary>
/// Reads a health page: bedrock's /healthz-cron/ HTML (a table of tasks with max and elapsed seconds, then label/value
/// rows), or JSON with the same fields. Anything it does not understand is an error with a reason, never a guess.
/// </summary>
public static partial class HealthPageParser
{
    public static HealthPage Parse(string body, string? contentType, FreshnessFieldMapping fields)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(fields);
        var trimmed = body.TrimStart();
        return contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true || trimmed.StartsWith('{')
            ? ParseJson(trimmed, fields)
            : ParseHtml(body, fields);
    }

    private static HealthPage ParseHtml(string html, FreshnessFieldMapping fields)
    {
        var rows = Row().Matches(html).Select(m => Cell().Matches(m.Groups["cells"].Value).Select(c => c.Groups["attrs"].Value + ">" + c.Groups["cell"].Value).ToList()).ToList();
        var tasks = new List<CronTask>();
        var labels = new Dictionary<string, (string Text, string Raw)>(StringComparer.OrdinalIgnoreCase);
        foreach (var cells in rows)
        {
            var text = cells.Select(TextOf).ToList();
            if (cells.Count == 3 && int.TryParse(text[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max))
            {
                TimeSpan? since = int.TryParse(text[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? TimeSpan.FromSeconds(s)
                    : text[2].Equals("None", StringComparison.OrdinalIgnoreCase) ? null
                    : throw new FormatException($"task {text[0]}: \"{text[2]}\" is not a number of seconds");
                tasks.Add(new CronTask(text[0].TrimEnd('‼', '️', ' '), since, TimeSpan.FromSeconds(max)));
            }
            else if (cells.Count == 2)
            {
                labels[text[0]] = (text[1], cells[1]);
            }
        }

        if (tasks.Count == 0)
        {
            throw new FormatException("no task rows (name, max seconds, seconds since last run) found in the page");
        }

        return new HealthPage(
            tasks,
            Sha(labels, fields.CodeSha),
            Sha(labels, fields.DbSha),
            labels.TryGetValue(fields.DbChecksum, out var checksum) ? checksum.Text : null,
            labels.TryGetValue(fields.DbUpdated, out var updated) ? Timestamp(updated.Raw, updated.Text) : null,
            labels.TryGetValue(fields.DbFile, out var file) ? file.Text : null);
    }

    private static HealthPage ParseJson(string json, FreshnessFieldMapping fields)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"invalid JSON: {ex.Message}", ex);
        }

        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(fields.JsonTasks, out var taskList) || taskList.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"no \"{fields.JsonTasks}\" array in the JSON body");
        }

        var tasks = taskList.EnumerateArray().Select(t => new CronTask(
            t.GetProperty("name").GetString() ?? "?",
            t.TryGetProperty("seconds_since", out var s) && s.ValueKind == JsonValueKind.Number ? TimeSpan.FromSeconds(s.GetDouble()) : null,
            TimeSpan.FromSeconds(t.GetProperty("max_seconds").GetDouble()))).ToList();
        string? Str(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new HealthPage(tasks, Str(fields.CodeSha), Str(fields.DbSha), Str(fields.DbChecksum), Str(fields.DbUpdated) is { } u ? Timestamp(u, u) : null, Str(fields.DbFile));
    }

    // bedrock links SHAs to the commit: the href has the full SHA, the text only ten characters.
    private static string? Sha(Dictionary<string, (string Text, string Raw)> labels, string label) =>
        labels.TryGetValue(label, out var cell) ? (CommitHref().Match(cell.Raw) is { Success: true } m ? m.Groups["sha"].Value : cell.Text) : null;

    // bedrock shows "3 minutes ago" with the exact timestamp in the title attribute.
    private static DateTimeOffset? Timestamp(string raw, string text)
    {
        var candidate = TitleAttribute().Match(raw) is { Success: true } t ? WebUtility.HtmlDecode(t.Groups["title"].Value).Trim() : text;
        if (double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(unix * 1000));
        }

        return DateTimeOffset.TryParse(candidate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }

    // A cell is kept as its attributes, '>', then its inner HTML, so titles on the <td> itself are not lost.
    private static string TextOf(string cell) => WhiteSpace().Replace(WebUtility.HtmlDecode(Tag().Replace(cell[(cell.IndexOf('>', StringComparison.Ordinal) + 1)..], " ")), " ").Trim();

    [GeneratedRegex(@"<tr[^>]*>(?<cells>.*?)</tr>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Row();

    [GeneratedRegex(@"<td(?<attrs>[^>]*)>(?<cell>.*?)</td>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Cell();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"/commit/(?<sha>[0-9a-f]{7,40})", RegexOptions.IgnoreCase)]
    private static partial Regex CommitHref();

    [GeneratedRegex("title=\"(?<title>[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex TitleAttribute();
}
