using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace OpsDashboard.Benchmarks.WallSoak;

/// <summary>The soak's figures as a Markdown section for docs/benchmarks.md, and its samples as CSV.</summary>
public static class WallSoakReport
{
    private const double MiB = 1024 * 1024;

    private static readonly (string Name, Func<PageSample, double> Value, Func<double, string> Format)[] PageMetrics =
    [
        ("JS heap used", s => s.JsHeapUsedBytes, v => $"{v / MiB:0.00} MiB"),
        ("DOM nodes", s => s.DomNodes, v => $"{v:0}"),
        ("event listeners", s => s.Listeners, v => $"{v:0}"),
        ("documents", s => s.Documents, v => $"{v:0}"),
    ];

    private static readonly (string Name, Func<SoakSample, double> Value, Func<double, string> Format)[] ServerMetrics =
    [
        ("app RSS after a full GC", s => s.ServerRssBytes, v => $"{v / MiB:0} MiB"),
        ("app GC heap after a full GC", s => s.ServerGcHeapBytes, v => $"{v / MiB:0.0} MiB"),
        ("app GC heap per connected circuit", s => s.Circuits == 0 ? double.NaN : (double)s.ServerGcHeapBytes / s.Circuits, v => $"{v / MiB:0.00} MiB"),
    ];

    public static string Render(
        IReadOnlyList<string> args, WallSoakOptions options, DateTimeOffset started, string chromium,
        IReadOnlyList<SoakPage> pages, IReadOnlyList<SoakSample> samples, IReadOnlyList<Disruption> disruptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(disruptions);
        var md = new StringBuilder();
        var boundaries = disruptions.Select(d => d.At).Order().ToList();
        Line(md, $"### Run of {started:yyyy-MM-dd HH:mm} UTC, {Span(options.Duration)}");
        Line(md, "");
        Line(md, $"Command: `{$"dotnet run -c Release --project src/OpsDashboard.Benchmarks -- wall-soak {string.Join(' ', args)}".TrimEnd()}`");
        Line(md, "");
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}; {RuntimeInformation.FrameworkDescription}; " +
                 $"Chromium {chromium} headless, one context, pages {string.Join(", ", pages.Select(p => $"`{p.Path}`"))} through a TCP relay that can cut the network. " +
                 $"The app runs the demo fleet with history on SQLite. A sample every {Span(options.Sample)}: the renderer's counters after " +
                 "a forced GC (DevTools `HeapProfiler.collectGarbage`, `Performance.getMetrics`, `Memory.getDOMCounters`), the app's RSS and GC heap after a full GC " +
                 $"it was made to run, its connected circuits. Slopes: least squares over the samples after the first {Span(options.SettleTime)}, within each stretch " +
                 "between disruptions (a reload starts a page's counters over), as a share of the stretch's mean per hour.");
        Line(md, "");
        Line(md, "| Disruption | At | Pages live again after | Reloads it caused (per page) |");
        Line(md, "|---|---:|---:|---|");
        foreach (var d in disruptions)
        {
            var before = samples.LastOrDefault(s => s.At < d.At);
            var after = samples.FirstOrDefault(s => s.At > d.At);
            var reloads = before is null || after is null ? "—"
                : string.Join(", ", pages.Select((p, i) => $"{p.Name} {after.Pages[i].Loads - before.Pages[i].Loads}"));
            Line(md, $"| {d.What} | {Span(d.At)} | {(d.CameBackAfter is { } b ? $"{b.TotalSeconds:0} s, by themselves" : "**never**")} | {reloads} |");
        }

        Line(md, "");
        var last = samples[^1];
        Line(md, $"At the end: {string.Join("; ", pages.Select((p, i) => $"{p.Name} {(last.Pages[i].Ticking ? "live" : "**not live**")}, {last.Pages[i].Loads} reloads in all"))}. " +
                 $"Rotation: {RotationSentence(pages, samples)}.");
        Line(md, "");
        Line(md, $"| Figure | after {Span(options.SettleTime)} | at the end | max after {Span(options.SettleTime)} | slope per hour, each stretch |");
        Line(md, "|---|---:|---:|---:|---:|");
        var settled = samples.Where(s => s.At >= options.SettleTime).ToList();
        if (settled.Count == 0)
        {
            settled = [.. samples];
        }

        for (var i = 0; i < pages.Count; i++)
        {
            var page = i;
            foreach (var (name, value, format) in PageMetrics)
            {
                Row(md, $"{pages[page].Name}: {name}", settled, s => value(s.Pages[page]), format, boundaries);
            }
        }

        foreach (var (name, value, format) in ServerMetrics)
        {
            Row(md, name, settled, value, format, boundaries);
        }

        Line(md, "");
        Line(md, "<details><summary>Samples</summary>");
        Line(md, "");
        Line(md, $"| At | {string.Join(" | ", pages.Select(p => $"{p.Name}: JS heap, nodes, listeners, reloads"))} | app RSS, GC heap, circuits |");
        Line(md, $"|---:|{string.Concat(pages.Select(_ => "---:|"))}---:|");
        foreach (var s in samples)
        {
            Line(md, $"| {Span(s.At)} | {string.Join(" | ", s.Pages.Select(p => $"{p.JsHeapUsedBytes / MiB:0.00} MiB, {p.DomNodes}, {p.Listeners}, {p.Loads}"))} | " +
                     $"{s.ServerRssBytes / MiB:0} MiB, {s.ServerGcHeapBytes / MiB:0.0} MiB, {s.Circuits} |");
        }

        Line(md, "");
        Line(md, "</details>");
        return md.ToString();
    }

    public static string Csv(IReadOnlyList<SoakPage> pages, IReadOnlyList<SoakSample> samples)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(samples);
        var csv = new StringBuilder();
        csv.Append("seconds");
        foreach (var p in pages)
        {
            var n = p.Name.Replace(' ', '_');
            csv.Append(CultureInfo.InvariantCulture, $",{n}_js_heap,{n}_nodes,{n}_listeners,{n}_documents,{n}_loads,{n}_ticking,{n}_views");
        }

        csv.AppendLine(",app_rss,app_gc_heap,circuits");
        foreach (var s in samples)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{s.At.TotalSeconds:0}");
            foreach (var p in s.Pages)
            {
                csv.Append(CultureInfo.InvariantCulture, $",{p.JsHeapUsedBytes},{p.DomNodes},{p.Listeners},{p.Documents},{p.Loads},{p.Ticking},{p.ViewsSeen}");
            }

            csv.AppendLine(CultureInfo.InvariantCulture, $",{s.ServerRssBytes},{s.ServerGcHeapBytes},{s.Circuits}");
        }

        return csv.ToString();
    }

    /// <summary>Least-squares slope per hour as a share of the mean, or null with fewer than three samples.</summary>
    public static double? SlopePerHour(IReadOnlyList<(TimeSpan At, double Value)> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var usable = points.Where(p => !double.IsNaN(p.Value)).ToList();
        if (usable.Count < 3)
        {
            return null;
        }

        var meanX = usable.Average(p => p.At.TotalHours);
        var meanY = usable.Average(p => p.Value);
        var sxx = usable.Sum(p => (p.At.TotalHours - meanX) * (p.At.TotalHours - meanX));
        var sxy = usable.Sum(p => (p.At.TotalHours - meanX) * (p.Value - meanY));
        return sxx == 0 || meanY == 0 ? null : sxy / sxx / meanY;
    }

    private static string RotationSentence(IReadOnlyList<SoakPage> pages, IReadOnlyList<SoakSample> samples)
    {
        var rotating = pages.ToList().FindIndex(p => p.Path.Contains("rotate=", StringComparison.Ordinal));
        if (rotating < 0 || samples.Count < 2)
        {
            return "not measured";
        }

        var seen = samples.Skip(1).Select(s => s.Pages[rotating].ViewsSeen).ToList();
        var most = seen.Max();
        return $"{seen.Count(v => v == most)} of {seen.Count} sample intervals showed all {most} views (all clusters and each on its own), the fewest was {seen.Min()}";
    }

    private static void Row(StringBuilder md, string name, List<SoakSample> samples, Func<SoakSample, double> value, Func<double, string> format, List<TimeSpan> boundaries)
    {
        var values = samples.Select(value).Where(v => !double.IsNaN(v)).ToList();
        if (values.Count == 0)
        {
            return;
        }

        var edges = new List<TimeSpan> { TimeSpan.MinValue };
        edges.AddRange(boundaries);
        edges.Add(TimeSpan.MaxValue);
        var slopes = edges.Zip(edges.Skip(1), (from, to) => SlopePerHour([.. samples.Where(s => s.At >= from && s.At < to).Select(s => (s.At, value(s)))]))
            .Select(s => s is { } v ? $"{v * 100:+0.0;−0.0;0.0} %" : "—");
        Line(md, $"| {name} | {format(values[0])} | {format(values[^1])} | {format(values.Max())} | {string.Join(" · ", slopes)} |");
    }

    private static string Span(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours} h {t.Minutes:00} min" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes} min{(t.Seconds > 0 ? $" {t.Seconds} s" : "")}" : $"{t.TotalSeconds:0} s";

    private static void Line(StringBuilder md, string text) => md.AppendLine(text);
}
