using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using OpsDashboard.Benchmarks.Server;

namespace OpsDashboard.Benchmarks.Circuits;

/// <summary>When the run started and which browser drove it.</summary>
public sealed record RunFacts(DateTimeOffset Started, string ChromiumVersion);

/// <summary>The scenario's figures as a Markdown section for docs/benchmarks.md.</summary>
public static class CircuitsReport
{
    private const double GoalBytesPerCircuit = 300 * 1024;

    public static string Render(IReadOnlyList<string> args, CircuitsOptions options, PageMeasurement page, PageMeasurement peer, RunFacts facts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(facts);
        var md = new StringBuilder();
        var pageParts = page.Breakdown;
        var peerParts = peer.Breakdown;
        Line(md, $"### Run of {facts.Started:yyyy-MM-dd HH:mm} UTC");
        Line(md, "");
        Line(md, $"Command: `{$"dotnet run -c Release --project src/OpsDashboard.Benchmarks -- circuits {string.Join(' ', args)}".TrimEnd()}`");
        Line(md, "");
        Line(md, $"Machine: {Environment.ProcessorCount} cores, {MemTotalGiB():0.0} GiB, {RuntimeInformation.OSDescription}; " +
                 $"{RuntimeInformation.FrameworkDescription}; Chromium {facts.ChromiumVersion} (headless, one browser, one context, one page per circuit).");
        Line(md, $"Each page in a fresh app process (Release build). {options.Warmup} warm-up pages opened and closed first; " +
                 $"every window starts {options.Settle.TotalSeconds:0} s after the circuits are live (or closed) and lasts {options.Window.TotalSeconds:0} s.");
        Line(md, "");
        Line(md, $"| | {page.Page} | {peer.Page} (peer) | {page.Page} ÷ peer |");
        Line(md, "|---|---:|---:|---:|");
        Row(md, "Circuits open through the window (pages never reloaded)", $"{page.SameDocument}/{page.Circuits}", $"{peer.SameDocument}/{peer.Circuits}");
        Row(md, "Pages whose clock still ticked after the window", $"{page.Ticking}", peer.Ticking == 0 ? "no clock" : $"{peer.Ticking}");
        foreach (var withCircuits in new[] { false, true })
        {
            var state = withCircuits ? "With the circuits" : "Idle app (0 circuits)";
            MemoryAfterGc Memory(PageMeasurement m) => withCircuits ? m.LoadedMemory : m.BaselineMemory;
            MeasuredWindow Window(PageMeasurement m) => withCircuits ? m.Loaded : m.Baseline;
            HeapCensus Census(PageMeasurement m) => withCircuits ? m.LoadedCensus : m.BaselineCensus;
            Row(md, $"{state}: RSS after a full GC", MiB(Memory(page).RssBytes), MiB(Memory(peer).RssBytes));
            Row(md, $"{state}: GC heap after a full GC", MiB(Memory(page).GcHeapBytes), MiB(Memory(peer).GcHeapBytes));
            Row(md, $"{state}: GC heap's free space (fragmentation) after that GC", MiB(Memory(page).GcFragmentationBytes), MiB(Memory(peer).GcFragmentationBytes));
            Row(md, $"{state}: live objects (heap census)", MiB(Census(page).LiveBytes), MiB(Census(peer).LiveBytes));
            Row(md, $"{state}: GC committed after a full GC", MiB(Memory(page).GcCommittedBytes), MiB(Memory(peer).GcCommittedBytes));
            Row(md, $"{state}: app CPU", Rate(Window(page).CpuRate), Rate(Window(peer).CpuRate));
            Row(md, $"{state}: CPU of Chromium, Playwright and the runner", Rate(Window(page).BrowserSideRate), Rate(Window(peer).BrowserSideRate));
            Row(md, $"{state}: CPU of other processes", Rate(Window(page).OtherRate), Rate(Window(peer).OtherRate));
            Row(md, $"{state}: whole machine busy, both cores", Percent(Window(page).MachineBusy), Percent(Window(peer).MachineBusy));
            Row(md, $"{state}: store updates in the window", Count(Window(page).Updates), Count(Window(peer).Updates));
            Row(md, $"{state}: store subscribers", Count(Window(page).End.StoreSubscribers), Count(Window(peer).End.StoreSubscribers));
        }

        Row(md, "**RSS per circuit over the idle app**", KiB(page.RssPerCircuit), KiB(peer.RssPerCircuit), Ratio(page.RssPerCircuit, peer.RssPerCircuit));
        Row(md, "**GC heap per circuit over the idle app**", KiB(page.HeapPerCircuit), KiB(peer.HeapPerCircuit), Ratio(page.HeapPerCircuit, peer.HeapPerCircuit));
        Row(md, "GC heap less fragmentation per circuit", KiB(page.HeapLessFragmentationPerCircuit), KiB(peer.HeapLessFragmentationPerCircuit), Ratio(page.HeapLessFragmentationPerCircuit, peer.HeapLessFragmentationPerCircuit));
        Row(md, "**Live objects per circuit** (heap census)", KiB(pageParts.LiveBytesPerCircuit), KiB(peerParts.LiveBytesPerCircuit), Ratio(pageParts.LiveBytesPerCircuit, peerParts.LiveBytesPerCircuit));
        Row(md, "GC committed per circuit over the idle app", KiB(page.CommittedPerCircuit), KiB(peer.CommittedPerCircuit), Ratio(page.CommittedPerCircuit, peer.CommittedPerCircuit));
        Row(md, "RSS outside the GC's committed memory, per circuit", KiB(page.RssPerCircuit - page.CommittedPerCircuit), KiB(peer.RssPerCircuit - peer.CommittedPerCircuit), Ratio(page.RssPerCircuit - page.CommittedPerCircuit, peer.RssPerCircuit - peer.CommittedPerCircuit));
        Row(md, "CPU the circuits add", Rate(page.CpuRateOverBaseline), Rate(peer.CpuRateOverBaseline), Ratio(page.CpuRateOverBaseline, peer.CpuRateOverBaseline));
        Row(md, "CPU the circuits add, per circuit", Rate(page.CpuRateOverBaseline / page.Circuits), Rate(peer.CpuRateOverBaseline / peer.Circuits), Ratio(page.CpuRateOverBaseline, peer.CpuRateOverBaseline));
        Row(md, "**CPU per store update** (all app CPU ÷ updates)", Ms(page.CpuPerUpdate), Ms(peer.CpuPerUpdate), Ratio(page.CpuPerUpdate, peer.CpuPerUpdate));
        Row(md, "CPU per store update, over the idle app", Ms(page.CpuOverBaselinePerUpdate), Ms(peer.CpuOverBaselinePerUpdate), Ratio(page.CpuOverBaselinePerUpdate, peer.CpuOverBaselinePerUpdate));
        Row(md, "… and per circuit", Us(page.CpuOverBaselinePerUpdatePerCircuit), Us(peer.CpuOverBaselinePerUpdatePerCircuit), Ratio(page.CpuOverBaselinePerUpdatePerCircuit, peer.CpuOverBaselinePerUpdatePerCircuit));
        Line(md, "");
        Line(md, $"Goal ≤ 300 KiB per {page.Page} circuit: RSS {Verdict(page.RssPerCircuit)}, GC heap {Verdict(page.HeapPerCircuit)}, live objects {Verdict(pageParts.LiveBytesPerCircuit)}.");
        Line(md, "");
        Breakdown(md, page, peer, pageParts, peerParts);
        return md.ToString();
    }

    /// <summary>Where a circuit's live bytes go: by part of the stack, the largest types, and the components alive.</summary>
    private static void Breakdown(StringBuilder md, PageMeasurement page, PageMeasurement peer, CircuitBreakdown pageParts, CircuitBreakdown peerParts)
    {
        Line(md, $"Live objects per circuit by part of the stack (heap census with the circuits open less the idle app's, ÷ circuits):");
        Line(md, "");
        Line(md, $"| Part | {page.Page} | {peer.Page} (peer) |");
        Line(md, "|---|---:|---:|");
        var peerByPart = peerParts.ByPart().ToDictionary(p => p.Part, p => p.BytesPerCircuit, StringComparer.Ordinal);
        foreach (var (part, bytes) in pageParts.ByPart())
        {
            Line(md, $"| {part} | {KiB1(bytes)} | {KiB1(peerByPart.GetValueOrDefault(part))} |");
        }

        Line(md, $"| **Total** | **{KiB1(pageParts.LiveBytesPerCircuit)}** | **{KiB1(peerParts.LiveBytesPerCircuit)}** |");
        Line(md, "");
        Line(md, $"The types that grew most with the {page.Page} circuits, per circuit:");
        Line(md, "");
        Line(md, "| Type | Objects | Bytes |");
        Line(md, "|---|---:|---:|");
        foreach (var (type, objects, bytes) in pageParts.TopTypes(15))
        {
            Line(md, F($"| `{type}` | {objects:0.0} | {KiB1(bytes)} |"));
        }

        Line(md, "");
        var components = pageParts.ComponentsPerCircuit.Where(c => c.Value > 0.5).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        Line(md, F($"Components alive per {page.Page} circuit ({components.Sum(c => c.Value):0.0} in all): ") +
                 string.Join(", ", components.Select(c => F($"{ShortName(c.Key)} {c.Value:0.#}"))) + ".");
    }

    private static string ShortName(string typeName)
    {
        var end = typeName.IndexOfAny(['`', '[', '<']) is var i and >= 0 ? i : typeName.Length;
        return typeName[(typeName.LastIndexOf('.', end - 1) + 1)..];
    }

    private static string KiB1(double bytes) => F($"{bytes / 1024.0:0.0} KiB");

    private static string Verdict(double bytes) => bytes <= GoalBytesPerCircuit ? $"{KiB(bytes)}, met" : $"{KiB(bytes)}, not met";

    private static void Row(StringBuilder md, string what, string page, string peer, string ratio = "") => Line(md, $"| {what} | {page} | {peer} | {ratio} |");

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static string MiB(long bytes) => F($"{bytes / 1024.0 / 1024.0:0.0} MiB");

    private static string KiB(double bytes) => F($"{bytes / 1024.0:0} KiB");

    private static string Rate(double cores) => F($"{cores * 1000:0.0} ms/s");

    private static string Ms(double seconds) => F($"{seconds * 1000:0.00} ms");

    private static string Us(double seconds) => F($"{seconds * 1_000_000:0.0} µs");

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => F($"{fraction * 100:0} %");

    private static string Ratio(double page, double peer) => peer > 0 && page >= 0 ? F($"{page / peer:0.00}×") : "n/a";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static double MemTotalGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return double.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024 / 1024;
    }
}
