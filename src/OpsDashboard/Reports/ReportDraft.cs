using System.Globalization;

namespace OpsDashboard.Reports;

/// <summary>
/// The Reports page's state without the markup: the window typed in, the run and its progress, the generated report
/// and the intros written per section, and the post as it stands with them.
/// </summary>
public sealed class ReportDraft
{
    private readonly ReportGenerator _generator;
    private readonly Dictionary<string, string> _intros = new(StringComparer.Ordinal);

    public ReportDraft(ReportGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        From = generator.DefaultFirstDay().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        To = generator.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    public string From { get; set; }

    public string To { get; set; }

    public bool Running { get; private set; }

    public ReportProgress? Progress { get; set; }

    public string? Error { get; private set; }

    public GeneratedReport? Generated { get; private set; }

    /// <summary>The generated report with the intros written so far.</summary>
    public WeeklyReport? Current { get; private set; }

    public string Markdown { get; private set; } = "";

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

    public string Intro(string section) => _intros.GetValueOrDefault(section, "");

    public void SetIntro(string section, string? text)
    {
        _intros[section] = text ?? "";
        Refresh();
    }

    public async Task GenerateAsync(IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        Running = true;
        Error = null;
        // A run that fails must not leave the previous window's report on the page as if it were this one's.
        Generated = null;
        Current = null;
        Markdown = "";
        Progress = new ReportProgress(0, 0, "starting");
        try
        {
            Generated = await _generator.GenerateAsync(Window(), progress, cancellationToken);
            Refresh();
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
            Current = Generated.Report.WithIntros(_intros);
            Markdown = _generator.Render(Current);
        }
    }

    private static DateOnly Day(string text, string what) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ReportInputException($"pick the {what} of the window.");
}
