using System.Globalization;
using System.Text;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>
/// What a triage view shows, as its address carries it: a time range (the last 15 min, 1 h, 24 h or 7 d, or a fixed
/// from/to) and filters (cluster, namespace, object, panel, severity), and a moment to mark. Every timeline and graph
/// view is one of these, so a link pasted in chat opens the same view; <see cref="Frozen"/> pins a "last 15 minutes"
/// to the minutes it meant.
/// </summary>
public sealed record TriageQuery
{
    public static readonly IReadOnlyList<(string Name, TimeSpan Span)> Ranges =
    [
        ("15m", TimeSpan.FromMinutes(15)), ("1h", TimeSpan.FromHours(1)), ("24h", TimeSpan.FromHours(24)), ("7d", TimeSpan.FromDays(7)),
    ];

    public const string DefaultRange = "1h";

    public static string RangeLabel(string name) => name switch
    {
        "15m" => "15 min",
        "1h" => "1 h",
        "24h" => "24 h",
        "7d" => "7 d",
        _ => name,
    };

    /// <summary>A range ending now, by name ("15m"); null when <see cref="From"/> and <see cref="To"/> fix the range.</summary>
    public string? Range { get; init; } = DefaultRange;

    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }

    public string? Cluster { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Kind/name of an object, e.g. <c>Pod/web-7d9f-x2k4p</c> or <c>Deployment/web</c> (which finds its pods too).</summary>
    public string? InvolvedObject { get; init; }

    public PanelKind? Panel { get; init; }

    public TimelineSeverity MinSeverity { get; init; } = TimelineSeverity.Info;

    /// <summary>A moment to mark on graphs (a row someone clicked).</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>The range follows the clock (and live views follow new rows).</summary>
    public bool IsLive => Range is not null;

    /// <summary>Reads the address's values; anything not understood is left at its default and explained.</summary>
    public static (TriageQuery Query, IReadOnlyList<string> Errors) Parse(IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        string? Value(string name) => values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var errors = new List<string>();
        var query = new TriageQuery { Cluster = Value("cluster"), Namespace = Value("namespace"), InvolvedObject = Value("object") };

        if (Value("panel") is { } panel)
        {
            query = DashboardPanels.FromSlug(panel) is { } kind ? query with { Panel = kind }
                : Error(query, $"panel={panel} is not a panel: use one of {string.Join(", ", DashboardPanels.All.Select(p => p.Panel.Slug))}.");
        }

        if (Value("severity") is { } severity)
        {
            query = Enum.GetValues<TimelineSeverity>().Cast<TimelineSeverity?>().FirstOrDefault(s => string.Equals(s!.Value.Word(), severity, StringComparison.OrdinalIgnoreCase)) is { } level
                ? query with { MinSeverity = level }
                : Error(query, $"severity={severity} is not a severity: use info, warning or critical.");
        }

        var (from, to) = (Moment("from"), Moment("to"));
        if (from is not null || to is not null)
        {
            query = from is { } f && to is { } t && f < t ? query with { Range = null, From = f, To = t }
                : Error(query, "from and to must both be given, from before to, as UTC times such as 2026-11-22T12:00:00Z; showing the last hour instead.");
        }
        else if (Value("range") is { } range)
        {
            query = Ranges.Any(r => r.Name == range) ? query with { Range = range }
                : Error(query, $"range={range} is not one of {string.Join(", ", Ranges.Select(r => r.Name))}.");
        }

        return (query with { At = Moment("at") }, errors);

        TriageQuery Error(TriageQuery q, string message)
        {
            errors.Add(message);
            return q;
        }

        DateTimeOffset? Moment(string name)
        {
            if (Value(name) is not { } text)
            {
                return null;
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return at;
            }

            errors.Add($"{name}={text} is not a time: use UTC, such as 2026-11-22T12:00:00Z.");
            return null;
        }
    }

    /// <summary>
    /// How long a live view waits between re-reads: 2 s for the last hour, growing with the range (30 s for a day,
    /// a minute for a week), since reading a long range costs more and one more row changes it less.
    /// </summary>
    public static TimeSpan FollowPause((DateTimeOffset From, DateTimeOffset To) window)
    {
        var pause = (window.To - window.From) / 2880;
        return pause < TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : pause > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : pause;
    }

    /// <summary>The range the view covers at <paramref name="now"/>.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now) =>
        Range is { } name ? (now - Ranges.First(r => r.Name == name).Span, now) : (From!.Value, To!.Value);

    public TimelineFilter Filter(DateTimeOffset now)
    {
        var (from, to) = Window(now);
        return new TimelineFilter(from, to) { Cluster = Cluster, Namespace = Namespace, InvolvedObject = InvolvedObject, Panel = Panel, MinSeverity = MinSeverity };
    }

    /// <summary>The same view with a fixed range: what "last 15 minutes" meant at <paramref name="now"/>.</summary>
    public TriageQuery Frozen(DateTimeOffset now)
    {
        var (from, to) = Window(now);
        return this with { Range = null, From = from, To = to };
    }

    /// <summary>The same filters, over <paramref name="half"/> either side of a moment, with the moment marked.</summary>
    public TriageQuery Around(DateTimeOffset at, TimeSpan half) => this with { Range = null, From = at - half, To = at + half, At = at };

    /// <summary>The address's query string, defaults left out, in a fixed order: <c>?range=15m&amp;cluster=tokyo</c>.</summary>
    public string ToQueryString()
    {
        var parts = new List<(string, string?)>
        {
            ("range", Range is DefaultRange ? null : Range),
            ("from", Stamp(From)),
            ("to", Stamp(To)),
            ("cluster", Cluster),
            ("namespace", Namespace),
            ("object", InvolvedObject),
            ("panel", Panel?.Slug),
            ("severity", MinSeverity == TimelineSeverity.Info ? null : MinSeverity.Word()),
            ("at", Stamp(At)),
        };
        var text = new StringBuilder();
        foreach (var (name, value) in parts.Where(p => p.Item2 is not null))
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
        }

        return text.ToString();
    }

    public static string? Stamp(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
