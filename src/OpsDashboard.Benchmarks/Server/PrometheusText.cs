using System.Globalization;

namespace OpsDashboard.Benchmarks.Server;

/// <summary>One scrape of a Prometheus text endpoint: each series (name with its labels) and its value.</summary>
public sealed class PrometheusText
{
    private readonly Dictionary<string, double> _series;

    private PrometheusText(Dictionary<string, double> series)
    {
        _series = series;
    }

    public static PrometheusText Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // Label values may hold spaces, so the series ends at the closing brace when there is one.
            var close = line.LastIndexOf('}');
            var split = close >= 0 ? close + 1 : line.IndexOf(' ', StringComparison.Ordinal);
            var value = line[split..].Trim().Split(' ')[0];
            series[line[..split]] = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        return new PrometheusText(series);
    }

    /// <summary>The value of an exact series such as <c>dotnet_collection_count_total{generation="2"}</c>.</summary>
    public double Value(string series) =>
        _series.TryGetValue(series, out var value) ? value : throw new KeyNotFoundException($"/metrics has no series {series}.");

    /// <summary>The sum over every label set of a metric, e.g. the GC heap over all generations.</summary>
    public double Sum(string metric)
    {
        var matches = _series.Where(s => s.Key == metric || s.Key.StartsWith(metric + "{", StringComparison.Ordinal)).ToList();
        return matches.Count > 0 ? matches.Sum(s => s.Value) : throw new KeyNotFoundException($"/metrics has no metric {metric}.");
    }
}
