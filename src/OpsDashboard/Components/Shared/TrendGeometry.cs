using System.Globalization;
using System.Text;
using OpsDashboard.TimeSeries;

namespace OpsDashboard.Components.Shared;

/// <summary>The spread of a downsampled slice: its lowest and highest value, drawn as a band around the line.</summary>
public readonly record struct TrendBand(DateTimeOffset At, double Min, double Max);

/// <summary>A stretch of time in one state (a tile OK, then CRITICAL), drawn as a coloured strip under the graph.</summary>
public sealed record TrendState(DateTimeOffset From, DateTimeOffset To, string CssClass, string Label);

/// <summary>A change made at one moment (a rollout started, stalled, ended, an image changed): a thin vertical line with <paramref name="Label"/> as its tooltip.</summary>
public sealed record TrendChange(DateTimeOffset At, string CssClass, string Label);

/// <summary>Maps a series onto an SVG box: time left to right over [From, To], values bottom to top over [Min, Max].</summary>
public sealed record TrendGeometry(DateTimeOffset From, DateTimeOffset To, double Min, double Max, double Width, double Height)
{
    /// <summary>
    /// A y range that holds every point, the band and the threshold, padded a little, never flat. A flat series sits
    /// mid-height between zero and twice its value (6 nodes ready: 0 to 12), and the padding never goes past
    /// <paramref name="ceiling"/> (a percentage's 100 %) or below zero for a series that never does.
    /// </summary>
    public static (double Min, double Max) Range(IReadOnlyList<MetricPoint> points, double? threshold, IReadOnlyList<TrendBand>? band = null, double? ceiling = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        var values = points.Select(p => p.Value).Concat(threshold is { } t ? [t] : []).Concat(band?.SelectMany(b => new[] { b.Min, b.Max }) ?? []).ToList();
        if (values.Count == 0)
        {
            return (0, ceiling ?? 1);
        }

        var (min, max) = (values.Min(), values.Max());
        if (max - min <= (Math.Abs(max) * 1e-9) + 1e-12)
        {
            if (max == 0)
            {
                return (0, ceiling ?? 1);
            }

            // A flat hit ratio of 98.6 % sits near the top of 0–100 %, never mid-height on an axis to 197 %.
            var flatTop = Math.Max(0, 2 * max);
            return (Math.Min(0, 2 * max), ceiling is { } limit && max > 0 && max <= limit ? Math.Min(limit, flatTop) : flatTop);
        }

        var pad = (max - min) * 0.1;
        // Counts and ratios never go below zero: an axis starting at -0.1 only confuses.
        var bottom = min >= 0 ? Math.Max(0, min - pad) : min - pad;
        var top = ceiling is { } c && max <= c ? Math.Min(c, max + pad) : max + pad;
        return (bottom, top);
    }

    public double X(DateTimeOffset at) => To <= From ? 0 : Math.Clamp((at - From) / (To - From), 0, 1) * Width;

    public double Y(double value) => Max <= Min ? Height / 2 : Height - (Math.Clamp((value - Min) / (Max - Min), 0, 1) * Height);

    /// <summary>The polyline's points attribute; a gap in time longer than <paramref name="gap"/> starts a new line.</summary>
    public IReadOnlyList<string> Lines(IReadOnlyList<MetricPoint> points, TimeSpan gap)
    {
        ArgumentNullException.ThrowIfNull(points);
        var lines = new List<string>();
        var line = new StringBuilder();
        for (var i = 0; i < points.Count; i++)
        {
            if (i > 0 && points[i].At - points[i - 1].At > gap && line.Length > 0)
            {
                lines.Add(line.ToString().TrimEnd());
                line.Clear();
            }

            line.Append(CultureInfo.InvariantCulture, $"{X(points[i].At):0.#},{Y(points[i].Value):0.#} ");
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString().TrimEnd());
        }

        return lines;
    }

    /// <summary>The band's polygons: the top edge forward, the bottom edge back; a gap in time starts a new one.</summary>
    public IReadOnlyList<string> Bands(IReadOnlyList<TrendBand> band, TimeSpan gap)
    {
        ArgumentNullException.ThrowIfNull(band);
        var polygons = new List<string>();
        var start = 0;
        for (var i = 1; i <= band.Count; i++)
        {
            if (i < band.Count && band[i].At - band[i - 1].At <= gap)
            {
                continue;
            }

            var run = band.Skip(start).Take(i - start).ToList();
            var edge = run.Select(b => (b.At, b.Max)).Concat(Enumerable.Reverse(run).Select(b => (b.At, b.Min)));
            polygons.Add(string.Join(' ', edge.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.At):0.#},{Y(p.Item2):0.#}"))));
            start = i;
        }

        return polygons;
    }
}
