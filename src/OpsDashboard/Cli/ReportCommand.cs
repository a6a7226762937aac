using System.Globalization;
using Microsoft.Extensions.Options;
using OpsDashboard.Reports;
using OpsDashboard.Reports.Curation;

namespace OpsDashboard.Cli;

/// <summary>
/// <c>OpsDashboard report [--from DATE] [--to DATE] [--out DIR] [--choices FILE] [--Dashboard:Reports:…=VALUE]</c>: writes
/// the weekly status post for cron and CI, with the same configuration as the app and the window's curation from a file
/// the Reports page downloads. Exit 0: written; 1: the source failed; 2: bad input (nothing written, no state moved).
/// </summary>
public static class ReportCommand
{
    public const string Name = "report";

    private const string Usage = """
        usage: report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out DIR] [--choices FILE] [--Dashboard:Reports:KEY=VALUE ...]
          --from     first day (included); default: where the last report ended
          --to       last day (included); default: today (UTC)
          --out      folder for the post; default: _posts
          --choices  the window's curation, as the Reports page's "Download choices" gives it
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var flags = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--from" or "--to" or "--out" or "--choices" && i + 1 < args.Count)
            {
                flags[args[i]] = args[++i];
            }
            else if (args[i].StartsWith("--Dashboard:", StringComparison.OrdinalIgnoreCase))
            {
                settings.Add(args[i]);
            }
            else
            {
                await error.WriteLineAsync(args[i] is "--help" or "-h" ? Usage : $"report: unexpected \"{args[i]}\"\n{Usage}");
                return args[i] is "--help" or "-h" ? 0 : 2;
            }
        }

        var configuration = CliConfiguration.Load(settings);
        var collection = new ServiceCollection().AddSingleton(time).AddWeeklyReport(configuration);
        var history = IncidentHistory(configuration);
        if (history is not null)
        {
            collection.AddSingleton(history);
        }

        using var services = collection.BuildServiceProvider();
        ReportGenerator generator;
        try
        {
            generator = services.GetRequiredService<ReportGenerator>();
            _ = services.GetRequiredService<IOptions<ReportOptions>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("report: the configuration has errors.\n" + string.Join('\n', ex.Failures.Select(f => $"  - {f}")));
            return 2;
        }

        try
        {
            var window = Window(generator, flags);
            var choices = flags.TryGetValue("--choices", out var file) ? await ChoicesAsync(file, window, cancellationToken) : ReportChoices.None;
            await output.WriteLineAsync($"report: {window.Describe()}");
            if (history is null)
            {
                await error.WriteLineAsync("report: no incidents in this post: the history is off or has no database yet (Dashboard:History).");
            }
            var progress = new LineProgress(error);
            var generated = await generator.GenerateAsync(window, choices, strict: true, progress, cancellationToken);
            var path = await ReportGenerator.WriteAsync(flags.GetValueOrDefault("--out") ?? "_posts", generated.FileName, generated.Markdown, cancellationToken);
            await output.WriteLineAsync($"{path}: {ReportStats.Paragraph(generated.Report, generator.Options.DateStyle)}");
            return 0;
        }
        catch (ReportInputException ex)
        {
            await error.WriteLineAsync($"report: {ex.Message}{(flags.ContainsKey("--choices") ? " No file was written." : "")}");
            return 2;
        }
        catch (ReportSourceException ex)
        {
            await error.WriteLineAsync($"report: {ex.Message} No file was written.");
            return 1;
        }
    }

    /// <summary>The app's history, for the week's incidents: null when it is off, or its SQLite file does not exist (nothing recorded on this machine).</summary>
    private static OpsDashboard.History.HistoryLocation? IncidentHistory(IConfiguration configuration)
    {
        if (string.Equals(configuration["Dashboard:History:Enabled"], "false", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var history = CliConfiguration.History(configuration);
        return history is OpsDashboard.History.SqliteHistoryLocation && !File.Exists(history.Description) ? null : history;
    }

    private static ReportWindow Window(ReportGenerator generator, Dictionary<string, string> flags)
    {
        var last = flags.TryGetValue("--to", out var to) ? Day("--to", to) : generator.Today();
        if (flags.TryGetValue("--from", out var from))
        {
            return generator.Window(Day("--from", from), last);
        }

        return generator.LastEnd() is { } end
            ? ReportWindow.From(end, last, generator.Now)
            : throw new ReportInputException("no report was generated before, so there is no default start: give --from YYYY-MM-DD.");
    }

    /// <summary>The file's choices, refused whole (naming the file and what to fix) when it cannot be read, is malformed or is for another window.</summary>
    private static async Task<ReportChoices> ChoicesAsync(string path, ReportWindow window, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportInputException($"--choices {path} cannot be read: {ex.Message}", ex);
        }

        var (choices, key) = ReportChoicesFile.Read(text, $"--choices {path}");
        var expected = ReportChoicesFile.WindowKey(window);
        return key == expected
            ? choices
            : throw new ReportInputException($"--choices {path} is for {key}, not for this report's {expected}: give the --from and --to it was made for, or download this window's choices.");
    }

    private static DateOnly Day(string flag, string value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ReportInputException($"{flag} \"{value}\" is not a date: write it as YYYY-MM-DD, e.g. 2017-11-14.");

    /// <summary>Progress for a log: one line each time the step's description changes.</summary>
    private sealed class LineProgress(TextWriter error) : IProgress<ReportProgress>
    {
        private string _last = "";

        public void Report(ReportProgress value)
        {
            if (value.Message.Length > 0 && value.Message != _last)
            {
                _last = value.Message;
                error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{value.Done}/{value.Total}] {value.Message}"));
            }
        }
    }
}
