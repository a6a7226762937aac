using System.Globalization;
using OpsDashboard.Components.Shared;
using OpsDashboard.Components.Tiles;
using OpsDashboard.History;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>How the history graphs name and print a headline figure, and draw a tile's states under them.</summary>
public static class FigureFormat
{
    /// <summary>"pods_not_ready" as "pods not ready", "oldest_db_age_s" as "oldest db age".</summary>
    public static string Label(string figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var name = figure.EndsWith("_s", StringComparison.Ordinal) ? figure[..^2] : figure;
        return name.Replace("_1h", " in 1 h", StringComparison.Ordinal).Replace('_', ' ');
    }

    public static Func<double, string> For(string figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        return figure switch
        {
            "hit_ratio" or "error_5xx_rate" => v => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + " %",
            "import_percent" => v => v.ToString("0.#", CultureInfo.InvariantCulture) + " %",
            _ when figure.StartsWith("bytes", StringComparison.Ordinal) => v => Bytes.Format(v),
            _ when figure.EndsWith("_s", StringComparison.Ordinal) => v => Durations.Format(TimeSpan.FromSeconds(Math.Max(0, v))),
            _ => Number,
        };
    }

    /// <summary>The most a figure can be (a ratio's 1, a percentage's 100), or null.</summary>
    public static double? Ceiling(string figure) => figure switch
    {
        "hit_ratio" or "error_5xx_rate" => 1,
        "import_percent" => 100,
        _ => null,
    };

    /// <summary>2819095.06 as "2,819,095", 992.95 as "993", 0.5 as "0.5".</summary>
    public static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "#,0" : "0.##", CultureInfo.InvariantCulture);

    /// <summary>A tile's name in the graphs and the timeline: "oregon-b · Pod readiness", "AWS · RDS import · sumo-prod import".</summary>
    public static string TileTitle(PanelKey tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        return tile.Group == tile.Target ? $"{tile.Group} · {tile.Panel.Title}" : $"{tile.Group} · {tile.Panel.Title} · {tile.Target}";
    }

    /// <summary>The state rows of one tile as strips, cut to [from, to]; a state still going on ends at <paramref name="now"/>.</summary>
    public static IReadOnlyList<TrendState> States(IEnumerable<TimelineEvent> rows, PanelKey tile, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return
        [
            .. rows.Where(r => r.Kind == TimelineKind.TileState && r.Tile == tile && r.State is not null)
                .Select(r => (Row: r, Status: r.State!.Value, From: r.At < from ? from : r.At, To: (r.Until ?? now) > to ? to : r.Until ?? now))
                .Where(s => s.To > s.From)
                .Select(s => new TrendState(s.From, s.To, $"trend-state-{s.Status.Code()}",
                    $"{TilePresentation.LabelOf(s.Status)} {Durations.ClockTime(s.Row.At, now)}–{(s.Row.Until is { } u ? Durations.ClockTime(u, now) : "now")}: {s.Row.Message}")),
        ];
    }

    /// <summary>The changes made to a tile's cluster in [from, to] as markers: "00:12:30 rollout started: bedrock-web rolling out 2017-11-30 → 2017-12-04".</summary>
    public static IReadOnlyList<TrendChange> Changes(IEnumerable<TimelineEvent> changes, PanelKey tile, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(tile);
        return
        [
            .. changes.Where(c => c.Cluster == tile.Group && c.At >= from && c.At <= to)
                .Select(c => new TrendChange(c.At, $"trend-change sev-{c.Severity.Word()}", $"{Durations.ClockTime(c.At, now)} {c.Reason}: {c.Message}")),
        ];
    }

    /// <summary>A downsampled series as the graph's line (averages) and band (lowest to highest).</summary>
    public static (IReadOnlyList<TimeSeries.MetricPoint> Line, IReadOnlyList<TrendBand> Band) Graph(HistorySeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        return ([.. series.Buckets.Select(b => new TimeSeries.MetricPoint(b.At, b.Average))], [.. series.Buckets.Select(b => new TrendBand(b.At, b.Min, b.Max))]);
    }
}
