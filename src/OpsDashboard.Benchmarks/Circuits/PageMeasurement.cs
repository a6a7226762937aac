using OpsDashboard.Benchmarks.Server;

namespace OpsDashboard.Benchmarks.Circuits;

/// <summary>CPU and store updates between two samples of the app.</summary>
public sealed record MeasuredWindow(ServerSample Start, ServerSample End, TimeSpan Elapsed)
{
    public double CpuSeconds => (End.Cpu - Start.Cpu).TotalSeconds;

    /// <summary>Cores' worth of CPU the app used on average.</summary>
    public double CpuRate => CpuSeconds / Elapsed.TotalSeconds;

    public long Updates => End.StoreVersion - Start.StoreVersion;

    /// <summary>Cores' worth of CPU that Chromium, Playwright and this runner used.</summary>
    public double BrowserSideRate => (End.BrowserSideCpu - Start.BrowserSideCpu).TotalSeconds / Elapsed.TotalSeconds;

    /// <summary>How busy the whole machine was (app, browser and anything else running), 0 to 1.</summary>
    public double MachineBusy =>
        (double)(End.MachineBusy.Busy - Start.MachineBusy.Busy) / Math.Max(1, End.MachineBusy.Total - Start.MachineBusy.Total);

    /// <summary>Cores' worth of CPU used by processes that are not part of this run (another build, say).</summary>
    public double OtherRate => Math.Max(0, MachineBusy * Environment.ProcessorCount - CpuRate - BrowserSideRate);
}

/// <summary>One page measured in a fresh app process: idle first (no circuits), then with the pages open.</summary>
/// <param name="Page">The path measured, e.g. /wall.</param>
/// <param name="Circuits">Pages (circuits) open in the loaded window.</param>
/// <param name="Baseline">The window with no circuits.</param>
/// <param name="BaselineMemory">Memory after a full GC, at the end of the baseline window.</param>
/// <param name="Loaded">The window with the circuits.</param>
/// <param name="LoadedMemory">Memory after a full GC, at the end of the loaded window.</param>
/// <param name="BaselineCensus">The idle app's live objects, right after <paramref name="BaselineMemory"/>.</param>
/// <param name="LoadedCensus">The live objects with the circuits open, right after <paramref name="LoadedMemory"/>.</param>
/// <param name="SameDocument">Pages that never reloaded, checked after the loaded window.</param>
/// <param name="Ticking">Pages whose heartbeat clock still ticked after the loaded window (0 for pages without one).</param>
public sealed record PageMeasurement(
    string Page,
    int Circuits,
    MeasuredWindow Baseline,
    MemoryAfterGc BaselineMemory,
    MeasuredWindow Loaded,
    MemoryAfterGc LoadedMemory,
    HeapCensus BaselineCensus,
    HeapCensus LoadedCensus,
    int SameDocument,
    int Ticking)
{
    public double RssPerCircuit => (double)(LoadedMemory.RssBytes - BaselineMemory.RssBytes) / Circuits;

    public double HeapPerCircuit => (double)(LoadedMemory.GcHeapBytes - BaselineMemory.GcHeapBytes) / Circuits;

    /// <summary>The GC heap less its free space (fragmentation) at the end of the induced GC.</summary>
    public double HeapLessFragmentationPerCircuit =>
        (double)(LoadedMemory.GcHeapBytes - LoadedMemory.GcFragmentationBytes - BaselineMemory.GcHeapBytes + BaselineMemory.GcFragmentationBytes) / Circuits;

    /// <summary>Live objects (reachable from the GC's roots) per circuit, from the heap census.</summary>
    public CircuitBreakdown Breakdown => CircuitBreakdown.Of(BaselineCensus, LoadedCensus, Circuits);

    public double CommittedPerCircuit => (double)(LoadedMemory.GcCommittedBytes - BaselineMemory.GcCommittedBytes) / Circuits;

    /// <summary>CPU the circuits added, in cores' worth: the loaded rate less the same process's idle rate.</summary>
    public double CpuRateOverBaseline => Loaded.CpuRate - Baseline.CpuRate;

    /// <summary>All the app's CPU in the loaded window over the store updates in it.</summary>
    public double CpuPerUpdate => Loaded.CpuSeconds / Loaded.Updates;

    /// <summary>Only the CPU the circuits added, per store update.</summary>
    public double CpuOverBaselinePerUpdate => CpuRateOverBaseline * Loaded.Elapsed.TotalSeconds / Loaded.Updates;

    public double CpuOverBaselinePerUpdatePerCircuit => CpuOverBaselinePerUpdate / Circuits;
}
