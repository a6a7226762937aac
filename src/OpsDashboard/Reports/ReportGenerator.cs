using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpsDashboard.Demo;
using OpsDashboard.History;
using OpsDashboard.Reports.Curation;
using OpsDashboard.Reports.Git;
using OpsDashboard.Reports.GitHub;

namespace OpsDashboard.Reports;

/// <summary>A report made for a window, with its post and the file name the post goes under; the reading is kept so new choices recompose it without asking the source again.</summary>
public sealed record GeneratedReport(WeeklyReport Report, string Markdown, string FileName)
{
    public SourceReading? Reading { get; init; }
}

/// <summary>
/// Source → <see cref="WeeklyReportBuilder"/> → <see cref="ReportRenderer"/>, as configured; used by the Reports page
/// and the <c>report</c> command. Remembers where the last report ended, so the next one starts there.
/// </summary>
public sealed class ReportGenerator(IOptions<ReportOptions> options, TimeProvider time, HistoryLocation? history = null, DemoFleet? fleet = null)
{
    private readonly Lazy<ReportRenderer> _renderer = new(() => ReportRenderer.For(options.Value));

    public ReportOptions Options => options.Value;

    /// <summary>Made with <see cref="Demo"/>: reads the built-in sample, keeps no state, and everything it writes says DEMO.</summary>
    public bool IsDemo { get; private init; }

    /// <summary>The demo's generator (<see cref="DemoReport"/>), for a page on a machine where no report is configured.</summary>
    public ReportGenerator Demo() => new(Microsoft.Extensions.Options.Options.Create(DemoReport.Options()), time, history, fleet) { IsDemo = true };

    /// <summary>False until Dashboard:Reports:Sections lists at least one section.</summary>
    public bool IsConfigured => options.Value.Sections.Count > 0;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The exact end of the last report generated, if any was.</summary>
    public DateTimeOffset? LastEnd()
    {
        if (IsDemo)
        {
            return null;
        }

        try
        {
            return File.Exists(options.Value.StatePath)
                ? JsonSerializer.Deserialize<ReportState>(File.ReadAllText(options.Value.StatePath))?.LastEnd
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>From <paramref name="first"/> (or exactly where the last report ended, when that is its day) to the end of <paramref name="last"/>.</summary>
    public ReportWindow Window(DateOnly first, DateOnly last)
    {
        var now = time.GetUtcNow();
        return LastEnd() is { } end && DateOnly.FromDateTime(end.UtcDateTime) == first && end.UtcTicks % TimeSpan.TicksPerDay != 0
            ? ReportWindow.From(end, last, now)
            : ReportWindow.FromDays(first, last, now);
    }

    /// <summary>The default first day: where the last report ended, else a week ago.</summary>
    public DateOnly DefaultFirstDay() =>
        LastEnd() is { } end ? DateOnly.FromDateTime(end.UtcDateTime) : Today().AddDays(-7);

    public DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public Task<GeneratedReport> GenerateAsync(ReportWindow window, IProgress<ReportProgress> progress, CancellationToken cancellationToken) =>
        GenerateAsync(window, ReportChoices.None, strict: false, progress, cancellationToken);

    /// <summary>
    /// The report of <paramref name="window"/> curated by <paramref name="choices"/>. With <paramref name="strict"/> (the CLI's
    /// choices file) a choice that matches nothing in the window stops the run with each one named, before any state moves.
    /// </summary>
    public async Task<GeneratedReport> GenerateAsync(ReportWindow window, ReportChoices choices, bool strict, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(choices);
        ArgumentNullException.ThrowIfNull(window);
        var o = options.Value;
        if (!IsConfigured)
        {
            throw new ReportInputException($"no report is configured: list its sections under {ReportOptions.Section}:Sections (see docs/configuration.md).");
        }

        var builder = new WeeklyReportBuilder(o);
        SourceReading reading;
        if (IsDemo)
        {
            reading = DemoReport.Read(window);
        }
        else if (o.Source == ReportSourceKind.Git)
        {
            // With a token, authors no address or map names are asked of GitHub's commit API (answers kept in the GitHub cache).
            var cache = GitHubCache.Load(o.GitHub.CachePath);
            using var api = CommitLogins.ApiWithToken(o.GitHub, cache, time);
            try
            {
                reading = await new GitReportSource(o.Git, o.Repos, api is null ? null : new CommitLogins(api, cache)).ReadAsync(window, builder.IsExcluded, progress, cancellationToken);
            }
            finally
            {
                cache.Save();
            }
        }
        else
        {
            using var github = new GitHubReportSource(o.Repos, o.GitHub, GitHubCache.Load(o.GitHub.CachePath), time);
            reading = await github.ReadAsync(window, builder.IsExcluded, progress, cancellationToken);
        }

        var report = builder.Build(window, reading, choices);
        if (strict && report.Curation.Problems.Count > 0)
        {
            throw new ReportInputException($"the choices do not fit this window: {string.Join("; ", report.Curation.Problems)}. Fix or remove them in the choices file.");
        }

        if (history is not null)
        {
            report = report with { Incidents = await ReportIncidents.ReadAsync(history, window, o.IncidentMinimum, demo: IsDemo, cancellationToken) };
        }

        // A demo's figures come from the demo's own simulation, a real post's from the history: never one for the other.
        if (IsDemo)
        {
            report = report with { Figures = DemoReport.Figures(window, fleet ?? new DemoFleet(time, Microsoft.Extensions.Options.Options.Create(new DemoOptions()))) };
        }
        else if (history is not null)
        {
            report = report with { Figures = await ReportFigures.ReadAsync(history, window, cancellationToken) };
        }

        if (!IsDemo)
        {
            SaveLastEnd(window.End);
        }

        return new GeneratedReport(report, Render(report), FileName(report)) { Reading = reading };
    }

    /// <summary>The same window's report with other choices: built again from what was read, incidents kept, nothing asked of the source.</summary>
    public GeneratedReport Recompose(GeneratedReport generated, ReportChoices choices)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(choices);
        if (generated.Reading is not { } reading)
        {
            return generated;
        }

        var report = new WeeklyReportBuilder(options.Value).Build(generated.Report.Window, reading, choices) with { Incidents = generated.Report.Incidents, Figures = generated.Report.Figures };
        return generated with { Report = report, Markdown = Render(report) };
    }

    /// <summary>The sections' names in the post's order (where a pull request can be moved to).</summary>
    public IReadOnlyList<string> SectionNames => new WeeklyReportBuilder(options.Value).SectionNames;

    public string Render(WeeklyReport report) => _renderer.Value.Render(report, options.Value);

    public string FileName(WeeklyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Format(CultureInfo.InvariantCulture, options.Value.FileName, report.Window.LastDay);
    }

    /// <summary>Writes the post whole or not at all: a temp file beside the target, renamed over it.</summary>
    public static async Task<string> WriteAsync(string directory, string fileName, string markdown, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, fileName);
        var temp = Path.Combine(directory, $".{fileName}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temp, markdown, cancellationToken);
            File.Move(temp, path, overwrite: true);
            return path;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Kept whole or not at all; if it cannot be written (read-only disk) the report still stands and the next window defaults to a week.</summary>
    private void SaveLastEnd(DateTimeOffset end)
    {
        var path = options.Value.StatePath;
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
            {
                Directory.CreateDirectory(dir);
            }

            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(new ReportState(end)));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Nothing else depends on it.
        }
    }

    private sealed record ReportState(DateTimeOffset LastEnd);
}
