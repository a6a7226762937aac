using System.Globalization;
using OpsDashboard.Reports.Curation;

namespace OpsDashboard.Reports;

/// <summary>
/// The Reports page's state without the markup: the window typed in, the run and its progress, the generated report,
/// the window's choices (intros, curation) and the post as it stands with them. Choices are saved through the book
/// (none for a demo) as they are made, and read back when the same window is generated again.
/// </summary>
public sealed class ReportDraft
{
    private readonly ReportGenerator _generator;
    private readonly ReportChoiceBook? _book;
    private bool _saving;

    public ReportDraft(ReportGenerator generator, ReportChoiceBook? book = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        _book = generator.IsDemo ? null : book;
        From = generator.DefaultFirstDay().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = generator.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public string From { get; set; }

    /// <summary>Who saves the choices (the signed-in user's name).</summary>
    public string User { get; set; } = "a signed-in user";

    public string To { get; set; }

    public bool Running { get; private set; }

    public ReportProgress? Progress { get; set; }

    public string? Error { get; private set; }

    public GeneratedReport? Generated { get; private set; }

    /// <summary>The generated report with the intros written so far.</summary>
    public WeeklyReport? Current { get; private set; }

    public string Markdown { get; private set; } = "";

    /// <summary>The window's choices as they stand.</summary>
    public ReportChoices Choices { get; private set; } = ReportChoices.None;

    /// <summary>Whether the choices are kept and where; null before a run.</summary>
    public ChoicesKeeping? Keeping { get; private set; }

    /// <summary>The choices as a file the CLI reads (<c>report --choices FILE</c>).</summary>
    public string ChoicesHref => "data:application/json;charset=utf-8," + Uri.EscapeDataString(Generated is { } g ? ReportChoicesFile.Write(Choices, g.Report.Window) : "");

    public string ChoicesFileName => Generated is { } g ? Path.ChangeExtension(g.FileName, ".choices.json") : "";

    /// <summary>The exact window the typed days give, or why they give none.</summary>
    public string WindowText
    {
        get
        {
            try
            {
                return "Pull requests " + Window().Describe() + ".";
            }
            catch (ReportInputException ex)
            {
                return ex.Message;
            }
        }
    }

    public string DownloadHref => "data:text/markdown;charset=utf-8," + Uri.EscapeDataString(Markdown);

    public string Intro(string section) => Choices.Intros.GetValueOrDefault(section, "");

    public Task SetIntroAsync(string section, string? text, CancellationToken cancellationToken) =>
        ChangeAsync(c => c.WithIntro(section, text), cancellationToken);

    /// <summary>Applies a change to the choices: the post is made again at once from what was read, and the choices are saved.</summary>
    public async Task ChangeAsync(Func<ReportChoices, ReportChoices> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Choices = change(Choices);
        Refresh();
        if (_book is not null && Generated is { } generated && _saving)
        {
            Keeping = await _book.SaveAsync(generated.Report.Window, Choices, User, cancellationToken);
        }
    }

    public async Task GenerateAsync(IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        Running = true;
        Error = null;
        // A run that fails must not leave the previous window's report on the page as if it were this one's.
        Generated = null;
        Current = null;
        Markdown = "";
        Keeping = null;
        Progress = new ReportProgress(0, 0, "starting");
        try
        {
            var window = Window();
            var intros = Choices.Intros;
            (Choices, Keeping) = _book is null
                ? (ReportChoices.None, new ChoicesKeeping(false, "A demo's choices are not kept."))
                : await _book.LoadAsync(window, cancellationToken);
            // A stored row the page could not read is never overwritten by it.
            _saving = Keeping.Kept;
            // Intros typed before the run stay when the window had none stored.
            Choices = Choices.Intros.IsEmpty ? Choices with { Intros = intros } : Choices;
            Generated = await _generator.GenerateAsync(window, Choices, strict: false, progress, cancellationToken);
            Current = Generated.Report;
            Markdown = Generated.Markdown;
        }
        catch (Exception ex) when (ex is ReportInputException or ReportSourceException)
        {
            Error = ex.Message;
        }
        finally
        {
            Running = false;
        }
    }

    private ReportWindow Window() => _generator.Window(Day(From, "first day"), Day(To, "last day"));

    private void Refresh()
    {
        if (Generated is not null)
        {
            Generated = _generator.Recompose(Generated, Choices);
            Current = Generated.Report;
            Markdown = Generated.Markdown;
        }
    }

    private static DateOnly Day(string text, string what) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ReportInputException($"pick the {what} of the window.");
}
