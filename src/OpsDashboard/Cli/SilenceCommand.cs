using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.History;
using OpsDashboard.Notifications;

namespace OpsDashboard.Cli;

/// <summary>
/// <c>OpsDashboard silence add|list</c>: sets or lists silences for the direct channels (Slack, webhooks) in the history
/// database the app uses (the SQLite file at Dashboard:History:Path, or PostgreSQL when Dashboard:ScaleOut is on). The
/// dispatcher reads them within <see cref="NotificationDispatcher.SilenceRefresh"/>. Exit 0: done; 1: the database failed; 2: bad input.
/// </summary>
public static class SilenceCommand
{
    public const string Name = "silence";

    private const string Usage = """
        usage: silence add --match cluster=NAME[,panel=SLUG][,target=NAME] --reason TEXT --by NAME (--for 2h | --until 2026-12-03T15:00Z) [--Dashboard:KEY=VALUE ...]
               silence list [--Dashboard:KEY=VALUE ...]
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        var verb = args.Count > 0 ? args[0] : "";
        var (flags, settings) = (new Dictionary<string, string>(StringComparer.Ordinal), new List<string>());
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i] is "--match" or "--reason" or "--by" or "--for" or "--until" && i + 1 < args.Count)
            {
                flags[args[i]] = args[++i];
            }
            else if (args[i].StartsWith("--Dashboard:", StringComparison.OrdinalIgnoreCase))
            {
                settings.Add(args[i]);
            }
            else
            {
                await error.WriteLineAsync($"silence: unexpected \"{args[i]}\"\n{Usage}");
                return 2;
            }
        }

        if (verb is not ("add" or "list"))
        {
            await error.WriteLineAsync(verb is "--help" or "-h" ? Usage : $"silence: say add or list\n{Usage}");
            return verb is "--help" or "-h" ? 0 : 2;
        }

        var configuration = CliConfiguration.Load(settings);
        var now = time.GetUtcNow();
        Silence? silence = null;
        if (verb == "add")
        {
            try
            {
                silence = Parse(flags, now);
            }
            catch (FormatException ex)
            {
                await error.WriteLineAsync($"silence: {ex.Message}\n{Usage}");
                return 2;
            }
        }

        var health = new HistoryHealth();
        await using var database = new HistoryDatabase(health, time, Options.Create(new HistoryOptions { Path = configuration["Dashboard:History:Path"] ?? new HistoryOptions().Path }),
            CliConfiguration.History(configuration), NullLogger<HistoryDatabase>.Instance);
        var book = new SilenceBook(database);
        if (silence is not null)
        {
            if (!await book.AddAsync(silence, cancellationToken))
            {
                await error.WriteLineAsync($"silence: not set: {health.Problem?.Message}");
                return 1;
            }

            await output.WriteLineAsync($"silenced {silence.Matchers} until {silence.EndsAt:yyyy-MM-dd HH:mm} UTC by {silence.CreatedBy}: {silence.Reason}");
            return 0;
        }

        var current = await book.CurrentAsync(now, cancellationToken);
        if (health.Problem is { } problem)
        {
            await error.WriteLineAsync($"silence: {problem.Message}");
            return 1;
        }

        foreach (var s in current)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{s.Matchers}\tfrom {s.StartsAt:yyyy-MM-dd HH:mm} until {s.EndsAt:yyyy-MM-dd HH:mm} UTC\tby {s.CreatedBy}\t{s.Reason}"));
        }

        return 0;
    }

    private static Silence Parse(Dictionary<string, string> flags, DateTimeOffset now)
    {
        string Required(string flag) => flags.TryGetValue(flag, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw new FormatException($"{flag} is required.");
        DateTimeOffset endsAt;
        if (flags.TryGetValue("--for", out var span))
        {
            endsAt = now + Silence.Duration(span);
        }
        else if (DateTimeOffset.TryParse(Required("--until"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until))
        {
            endsAt = until;
        }
        else
        {
            throw new FormatException($"--until \"{flags["--until"]}\" is not a time: write it as 2026-12-03T15:00Z.");
        }

        return endsAt <= now
            ? throw new FormatException($"the silence would end at {endsAt:yyyy-MM-dd HH:mm} UTC, which is not in the future.")
            : Silence.Create(Required("--match"), Required("--reason"), now, endsAt, Required("--by"));
    }
}
