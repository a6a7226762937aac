using System.Collections.Immutable;

namespace OpsDashboard.Reports.Curation;

/// <summary>What was decided for one pull request: left out or put back (null: as the rules say), a highlight, another section.</summary>
public sealed record PullRequestChoice(bool? Include = null, bool Highlight = false, string? Section = null)
{
    public bool IsDefault => Include is null && !Highlight && Section is null;
}

/// <summary>How a section is written: a sub-heading per repository, and the pull requests not highlighted collapsed into one line.</summary>
public sealed record SectionChoice(bool ByRepository = false, bool Collapse = false)
{
    public bool IsDefault => !ByRepository && !Collapse;
}

/// <summary>
/// The curation of one report window, made on the Reports page (kept in the history database by <see cref="ReportChoiceBook"/>)
/// or written in a file for the CLI (<see cref="ReportChoicesFile"/>): pull requests left out, put back, highlighted or moved,
/// sections by repository or collapsed, labels and bots left out, and the intros. Immutable: each change makes a new one.
/// </summary>
public sealed record ReportChoices
{
    public static ReportChoices None { get; } = new();

    /// <summary>By pull request, "owner/name#123" (repository case-insensitive).</summary>
    public ImmutableDictionary<string, PullRequestChoice> PullRequests { get; init; } = ImmutableDictionary.Create<string, PullRequestChoice>(StringComparer.OrdinalIgnoreCase);

    /// <summary>By section name.</summary>
    public ImmutableDictionary<string, SectionChoice> Sections { get; init; } = ImmutableDictionary.Create<string, SectionChoice>(StringComparer.Ordinal);

    /// <summary>Labels left out for this window, on top of Dashboard:Reports:ExcludeLabels.</summary>
    public ImmutableSortedSet<string> ExcludeLabels { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Bots left out or not for this window; null: as Dashboard:Reports:ExcludeBots says.</summary>
    public bool? ExcludeBots { get; init; }

    /// <summary>The free text written under a section's heading, by section name.</summary>
    public ImmutableDictionary<string, string> Intros { get; init; } = ImmutableDictionary.Create<string, string>(StringComparer.Ordinal);

    public static string Key(string repo, int number) => $"{repo}#{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static string Key(MergedPullRequest pr)
    {
        ArgumentNullException.ThrowIfNull(pr);
        return Key(pr.Repo, pr.Number);
    }

    public PullRequestChoice For(MergedPullRequest pr) => PullRequests.GetValueOrDefault(Key(pr)) ?? new PullRequestChoice();

    public SectionChoice ForSection(string name) => Sections.GetValueOrDefault(name) ?? new SectionChoice();

    public ReportChoices With(MergedPullRequest pr, Func<PullRequestChoice, PullRequestChoice> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var next = change(For(pr));
        return this with { PullRequests = next.IsDefault ? PullRequests.Remove(Key(pr)) : PullRequests.SetItem(Key(pr), next) };
    }

    public ReportChoices WithSection(string name, Func<SectionChoice, SectionChoice> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var next = change(ForSection(name));
        return this with { Sections = next.IsDefault ? Sections.Remove(name) : Sections.SetItem(name, next) };
    }

    public ReportChoices WithLabelExcluded(string label, bool excluded) =>
        this with { ExcludeLabels = excluded ? ExcludeLabels.Add(label) : ExcludeLabels.Remove(label) };

    public ReportChoices WithIntro(string section, string? text) =>
        this with { Intros = string.IsNullOrWhiteSpace(text) ? Intros.Remove(section) : Intros.SetItem(section, text) };

    public bool IsEmpty => PullRequests.IsEmpty && Sections.IsEmpty && ExcludeLabels.IsEmpty && ExcludeBots is null && Intros.IsEmpty;
}
