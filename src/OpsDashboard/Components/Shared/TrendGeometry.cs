using System.Globalization;
using System.Text;
using OpsDashboard.TimeSeries;

namespace OpsDashboard.Components.Shared;

/// <summary>Maps a series onto an SVG box: time left to right over [From, To], values bottom to top over [Min, Max].</summary>
public sealed record TrendGeometry(DateTimeOffset From, DateTimeOffset To, double Min, double Max, double Width, double Height)
{
    /// <summary>A y range that holds every point and the threshold, padded a little, never flat.</summary>
    public static (double Min, double Max) Range(IReadOnlyList<MetricPoint> points, double? threshold)
    {
        ArgumentNullException.ThrowIfNull(points);
        var values = points.Select(p => p.Value).Concat(threshold is { } t ? [t] : []).ToList();
        if (values.Count == 0)
        {
            return (0, 1);
        }

        var (min, max) = (values.Min(), values.Max());
        var pad = Math.Max((max - min) * 0.1, Math.Abs(max) * 0.001 + 1e-9);
        return (min - pad, max + pad);
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
}
