using System.Globalization;
using OpsDashboard.History;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Notifications;

/// <summary>
/// A maintenance window for the direct channels (Slack, webhooks): tiles matching every matcher send nothing from
/// <see cref="StartsAt"/> to <see cref="EndsAt"/>. Matchers are <c>cluster=</c>, <c>panel=</c> (slug) and
/// <c>target=</c>, comma-separated, as stored.
/// </summary>
public sealed record Silence(long Id, string Matchers, string Reason, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy)
{
    public static readonly IReadOnlyList<string> Names = ["cluster", "panel", "target"];

    public bool ActiveAt(DateTimeOffset now) => StartsAt <= now && now < EndsAt;

    public bool Matches(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return Parse(Matchers).All(m => string.Equals(m.Value, m.Name switch
        {
            "cluster" => tile.Group,
            "panel" => tile.Panel.Slug,
            _ => tile.Target,
        }, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"cluster=tokyo,panel=rds-import" as (name, value) pairs; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static IReadOnlyList<(string Name, string Value)> Parse(string matchers)
    {
        ArgumentNullException.ThrowIfNull(matchers);
        var pairs = new List<(string, string)>();
        foreach (var part in matchers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = eq > 0 ? part[..eq].Trim().ToLowerInvariant() : "";
            if (!Names.Contains(name) || eq == part.Length - 1)
            {
                throw new FormatException($"\"{part}\" is not a matcher: write cluster=NAME, panel=SLUG or target=NAME.");
            }

            pairs.Add((name, part[(eq + 1)..].Trim()));
        }

        return pairs.Count > 0 ? pairs : throw new FormatException("a silence needs at least one matcher (cluster=NAME, panel=SLUG or target=NAME): it would silence every tile.");
    }

    /// <summary>Silences that match no single panel are kept on the timeline under this one.</summary>
    public static readonly PanelKind TimelinePanel = new("Silence", "silences", "Silences");

    /// <summary>
    /// Its two timeline rows, start (lasting until the end) and end, written when it is set: an end is fixed when a
    /// silence is set, none is lifted early. They sit on the matched panel, cluster and target, where the matchers name them.
    /// </summary>
    public IReadOnlyList<Timeline.TimelineEvent> TimelineRows()
    {
        var matched = Parse(Matchers).ToDictionary(m => m.Name, m => m.Value);
        var cluster = matched.GetValueOrDefault("cluster") ?? "all clusters";
        var panel = matched.TryGetValue("panel", out var slug) ? Panels.DashboardPanels.FromSlug(slug) ?? TimelinePanel : TimelinePanel;
        var tile = new PanelKey(panel, cluster, matched.GetValueOrDefault("target") ?? cluster);
        var what = $"Silence/{Matchers}";
        return
        [
            new Timeline.TimelineEvent(Timeline.TimelineEvent.IdOf($"silence-start|{Id}"), StartsAt, Timeline.TimelineKind.SilenceStarted, Timeline.TimelineSeverity.Info, tile, null, what,
                "silence started", $"{CreatedBy} silenced {Matchers} until {EndsAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)}: {Reason}") { Until = EndsAt },
            new Timeline.TimelineEvent(Timeline.TimelineEvent.IdOf($"silence-end|{Id}"), EndsAt, Timeline.TimelineKind.SilenceEnded, Timeline.TimelineSeverity.Info, tile, null, what,
                "silence ended", $"{CreatedBy}'s silence of {Matchers} ended: {Reason}"),
        ];
    }

    /// <summary>"2h", "90m", "1d" or a TimeSpan ("02:00:00").</summary>
    public static TimeSpan Duration(string text)
    {
        var number = text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null;
        return (text[^1], number) switch
        {
            ('m', { } m) => TimeSpan.FromMinutes(m),
            ('h', { } h) => TimeSpan.FromHours(h),
            ('d', { } d) => TimeSpan.FromDays(d),
            _ when TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) => t,
            _ => throw new FormatException($"\"{text}\" is not a duration: write 2h, 90m, 1d or 02:00:00."),
        };
    }

    /// <summary>A new silence, its id stable for what it says.</summary>
    public static Silence Create(string matchers, string reason, DateTimeOffset startsAt, DateTimeOffset endsAt, string createdBy)
    {
        var normal = string.Join(',', Parse(matchers).Select(m => $"{m.Name}={m.Value}"));
        var id = Timeline.TimelineEvent.IdOf($"silence|{normal}|{startsAt.ToUnixTimeMilliseconds()}|{createdBy}");
        return new Silence(id, normal, reason, startsAt, endsAt, createdBy);
    }
}

/// <summary>
/// The silences in the history database: set by the CLI and a tile's page, read by the dispatcher and, on every
/// replica, by <see cref="SilenceWatcher"/>. The last read is kept in memory for the tiles, which show the silence over
/// them without a query of their own. A silence that appears, starts or ends pulses <paramref name="timeline"/>, so an
/// open timeline shows its rows without a reload (the CLI writes them from another process).
/// </summary>
public sealed class SilenceBook(HistoryDatabase? database, Timeline.TimelineFeed? timeline = null)
{
    private IReadOnlyList<Silence> _known = [];
    private string _shown = "";

    /// <summary>The silences as last read (or set here), active or to start later.</summary>
    public IReadOnlyList<Silence> Known => Volatile.Read(ref _known);

    /// <summary>The active silence over <paramref name="tile"/> that lasts longest, or null.</summary>
    public Silence? Over(PanelKey tile, DateTimeOffset now) => Known.Where(s => s.ActiveAt(now) && s.Matches(tile)).MaxBy(s => s.EndsAt);

    public async Task<bool> AddAsync(Silence silence, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silence);
        var stored = await database.TryKeepAsync(async (store, ct) =>
        {
            await store.UpsertSilenceAsync(silence, ct);
            await store.UpsertEventsAsync(silence.TimelineRows(), ct);
        }, cancellationToken);
        if (stored)
        {
            Volatile.Write(ref _known, [.. Known.Where(s => s.Id != silence.Id), silence]);
            timeline?.Written();
        }

        return stored;
    }

    /// <summary>Silences not yet ended at <paramref name="now"/> (active, or to start later); empty when the database cannot be read.</summary>
    public async Task<IReadOnlyList<Silence>> CurrentAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<Silence> silences = [];
        if (await database.TryKeepAsync(async (store, ct) => silences = await store.SilencesEndingAfterAsync(now, ct), cancellationToken))
        {
            Keep(silences, now);
        }

        return silences;
    }

    /// <summary>Reads the silences again on a connection of its own (a follower opens no writer); a database that cannot be read keeps the last read.</summary>
    public async Task RefreshAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!database.Keeps())
        {
            return;
        }

        try
        {
            Keep(await database!.ReadAsync((store, ct) => store.SilencesEndingAfterAsync(now, ct), cancellationToken), now);
        }
        catch (HistoryUnavailableException)
        {
        }
    }

    private void Keep(IReadOnlyList<Silence> silences, DateTimeOffset now)
    {
        Volatile.Write(ref _known, silences);
        var shown = string.Join(',', silences.Select(s => $"{s.Id}:{s.ActiveAt(now)}"));
        if (Interlocked.Exchange(ref _shown, shown) != shown)
        {
            timeline?.Written();
        }
    }
}

/// <summary>
/// On every replica, leader or not: reads the silences every <see cref="NotificationDispatcher.SilenceRefresh"/>, so a
/// follower's tiles say "silenced by X until HH:MM UTC" for a silence the CLI or another replica set, and open timelines
/// learn of its start and end.
/// </summary>
public sealed class SilenceWatcher(SilenceBook book, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(NotificationDispatcher.SilenceRefresh, time);
        try
        {
            do
            {
                await book.RefreshAsync(time.GetUtcNow(), stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
