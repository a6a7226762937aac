using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsDashboard.Reports.Curation;

/// <summary>
/// The wire format of <see cref="ReportChoices"/>, the same in the history database and in the file the CLI reads
/// (<c>report --choices FILE</c>, downloaded from the Reports page): JSON with an explicit format name and the window's
/// days, so a file is never applied to another week by mistake.
/// </summary>
public static class ReportChoicesFile
{
    public const string Format = "opsdashboard-report-choices/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The window's days as the file names them: "2017-11-14..2017-12-05" (also the key in the history database).</summary>
    public static string WindowKey(ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return $"{Day(window.FirstDay)}..{Day(window.LastDay)}";
    }

    public static string Write(ReportChoices choices, ReportWindow window)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(window);
        var wire = new Wire
        {
            Format = Format,
            FirstDay = Day(window.FirstDay),
            LastDay = Day(window.LastDay),
            ExcludeLabels = choices.ExcludeLabels.IsEmpty ? null : [.. choices.ExcludeLabels],
            ExcludeBots = choices.ExcludeBots,
            Sections = choices.Sections.IsEmpty ? null : choices.Sections.OrderBy(s => s.Key, StringComparer.Ordinal)
                .ToDictionary(s => s.Key, s => (SectionWire?)new SectionWire { ByRepository = s.Value.ByRepository, Collapse = s.Value.Collapse }, StringComparer.Ordinal),
            PullRequests = choices.PullRequests.IsEmpty ? null : choices.PullRequests.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(p => p.Key, p => (PullRequestWire?)new PullRequestWire { Include = p.Value.Include, Highlight = p.Value.Highlight, Section = p.Value.Section }, StringComparer.OrdinalIgnoreCase),
            Intros = choices.Intros.IsEmpty ? null : choices.Intros.OrderBy(i => i.Key, StringComparer.Ordinal).ToDictionary(i => i.Key, i => (string?)i.Value, StringComparer.Ordinal),
        };
        return JsonSerializer.Serialize(wire, Json) + "\n";
    }

    /// <summary>
    /// The choices in <paramref name="text"/> and the window they were made for, or a <see cref="ReportInputException"/>
    /// naming <paramref name="name"/>, the line and what to fix there.
    /// </summary>
    public static (ReportChoices Choices, string WindowKey) Read(string text, string name)
    {
        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(text, Json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}") : "";
            var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" ({ex.Path})";
            throw new ReportInputException($"{name} is not a report choices file{where}{path}: {Explain(ex)} Fix it there.", ex);
        }

        if (wire is null || wire.Format != Format)
        {
            throw new ReportInputException($"{name} is not a report choices file: its \"format\" must be \"{Format}\" (download one from the Reports page).");
        }

        if (!IsDay(wire.FirstDay) || !IsDay(wire.LastDay))
        {
            throw new ReportInputException($"{name}: \"first_day\" and \"last_day\" must be the window's days, as YYYY-MM-DD.");
        }

        var problems = new List<string>();
        foreach (var key in (wire.PullRequests ?? []).Keys.Where(k => !IsPullRequestKey(k)))
        {
            problems.Add($"pull request \"{key}\" is not owner/name#number");
        }

        foreach (var (key, _) in (wire.Intros ?? []).Where(i => i.Value is null))
        {
            problems.Add($"the intro of \"{key}\" is null: write a text or remove it");
        }

        if (problems.Count > 0)
        {
            throw new ReportInputException($"{name}: {string.Join("; ", problems)}.");
        }

        var choices = new ReportChoices
        {
            ExcludeLabels = ImmutableSortedSet.CreateRange(StringComparer.OrdinalIgnoreCase, (wire.ExcludeLabels ?? []).Where(l => !string.IsNullOrWhiteSpace(l))),
            ExcludeBots = wire.ExcludeBots,
            Sections = ImmutableDictionary.CreateRange(StringComparer.Ordinal, (wire.Sections ?? []).Select(s =>
                KeyValuePair.Create(s.Key, new SectionChoice(s.Value?.ByRepository ?? false, s.Value?.Collapse ?? false)))),
            PullRequests = ImmutableDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, (wire.PullRequests ?? []).Select(p =>
                KeyValuePair.Create(p.Key, new PullRequestChoice(p.Value?.Include, p.Value?.Highlight ?? false, string.IsNullOrWhiteSpace(p.Value?.Section) ? null : p.Value.Section)))),
            Intros = ImmutableDictionary.CreateRange(StringComparer.Ordinal, (wire.Intros ?? []).Select(i => KeyValuePair.Create(i.Key, i.Value!))),
        };
        return (choices, $"{wire.FirstDay}..{wire.LastDay}");
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsDay(string? text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsPullRequestKey(string key) =>
        key.LastIndexOf('#') is var hash and > 0 && key[..hash].Count(c => c == '/') == 1
        && int.TryParse(key[(hash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0;

    /// <summary>What is wrong in the file's words, never a CLR type's name.</summary>
    private static string Explain(JsonException ex)
    {
        const string fields = "a file has format, first_day, last_day, exclude_labels, exclude_bots, sections, pull_requests and intros; a section by_repository and collapse; a pull request include, highlight and section";
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return $"that field is not one of report choices ({fields}).";
        }

        if (ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return "the value there is not what the field takes (include, highlight, by_repository, collapse and exclude_bots are true or false; names and days are \"text\"; sections, pull_requests and intros are { … }).";
        }

        var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = (cut > 0 ? ex.Message[..cut] : ex.Message).Trim();
        return text.EndsWith('.') ? text : text + ".";
    }

    private sealed class Wire
    {
        public string? Format { get; set; }

        public string? FirstDay { get; set; }

        public string? LastDay { get; set; }

        public List<string>? ExcludeLabels { get; set; }

        public bool? ExcludeBots { get; set; }

        public Dictionary<string, SectionWire?>? Sections { get; set; }

        public Dictionary<string, PullRequestWire?>? PullRequests { get; set; }

        public Dictionary<string, string?>? Intros { get; set; }
    }

    private sealed class SectionWire
    {
        public bool ByRepository { get; set; }

        public bool Collapse { get; set; }
    }

    private sealed class PullRequestWire
    {
        public bool? Include { get; set; }

        public bool Highlight { get; set; }

        public string? Section { get; set; }
    }
}
