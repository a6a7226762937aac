using System.Globalization;
using Microsoft.Extensions.Options;
using OpsDashboard.Reports;

namespace OpsDashboard.Cli;

/// <summary>
/// <c>OpsDashboard report [--from DATE] [--to DATE] [--out DIR] [--Dashboard:Reports:…=VALUE]</c>: writes the weekly
/// status post for cron and CI, with the same configuration as the app. Exit 0: written; 1: the source failed; 2: bad input.
/// </summary>
public static class ReportCommand
{
    public const string Name = "report";

    private const string Usage = """
        usage: report [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--out DIR] [--Dashboard:Reports:KEY=VALUE ...]
          --from  first day (included); default: where the last report ended
          --to    last day (included); default: today (UTC)
          --out   folder for the post; default: _posts
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
            if (args[i] is "--from" or "--to" or "--out" && i + 1 < args.Count)
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
        using var services = new ServiceCollection().AddSingleton(time).AddWeeklyReport(configuration).BuildServiceProvider();
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
            await output.WriteLineAsync($"report: {window.Describe()}");
            var progress = new LineProgress(error);
            var generated = await generator.GenerateAsync(window, progress, cancellationToken);
            var path = await ReportGenerator.WriteAsync(flags.GetValueOrDefault("--out") ?? "_posts", generated.FileName, generated.Markdown, cancellationToken);
            await output.WriteLineAsync($"{path}: {ReportStats.Paragraph(generated.Report, generator.Options.DateStyle)}");
            return 0;
        }
        catch (ReportInputException ex)
        {
            await error.WriteLineAsync($"report: {ex.Message}");
            return 2;
        }
        catch (ReportSourceException ex)
        {
            await error.WriteLineAsync($"report: {ex.Message} No file was written.");
            return 1;
        }
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
