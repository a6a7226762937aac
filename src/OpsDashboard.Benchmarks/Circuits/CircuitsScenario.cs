using OpsDashboard.Benchmarks.Server;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.Circuits;

/// <summary>
/// N live Blazor circuits on one page versus N on a peer page that does not subscribe to the store: server memory per
/// circuit over the idle app, and server CPU per store update. Each page is measured in its own fresh app process.
/// </summary>
public static class CircuitsScenario
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        CircuitsOptions options;
        try
        {
            options = CircuitsOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var started = TimeProvider.System.GetUtcNow();
        var (page, chromium) = await MeasureAsync(options, options.Page, cancellationToken);
        var (peer, _) = await MeasureAsync(options, options.Peer, cancellationToken);
        var report = CircuitsReport.Render(args, options, page, peer, new RunFacts(started, chromium));
        await Console.Out.WriteLineAsync(report);
        if (options.Output is { } output)
        {
            await File.WriteAllTextAsync(output, report, cancellationToken);
        }

        return page.SameDocument == page.Circuits && peer.SameDocument == peer.Circuits ? 0 : 1;
    }

    private static async Task<(PageMeasurement Result, string ChromiumVersion)> MeasureAsync(CircuitsOptions options, string path, CancellationToken cancellationToken)
    {
        using var dir = new TempDirectory();
        var settings = new Dictionary<string, string> { ["Dashboard:History:Path"] = dir.File("history.db") };
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), settings, cancellationToken);
        using var probe = new ServerProbe(app.ProcessId, app.BaseUri, TimeProvider.System);
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var url = new Uri(app.BaseUri, path.TrimStart('/'));
            Progress($"{path}: app pid {app.ProcessId}; warming up with {options.Warmup} pages");
            await using (await PageFleet.OpenAsync(browser, url, options.Warmup, probe, Progress, cancellationToken))
            {
            }

            await probe.WaitForAsync(m => m.Value("opsdashboard_circuits_open") == 0, CloseTimeout, "the warm-up circuits to close", cancellationToken);
            var baseline = await MeasureWindowAsync(probe, options, $"{path}: idle app, no circuits", cancellationToken);
            var baselineMemory = await probe.MeasureMemoryAfterGcAsync(cancellationToken);
            var baselineCensus = await TakeCensusAsync(app.ProcessId, $"{path}: idle app", cancellationToken);

            await using var fleet = await PageFleet.OpenAsync(browser, url, options.Count, probe, Progress, cancellationToken);
            var loaded = await MeasureWindowAsync(probe, options, $"{path}: {fleet.Count} circuits", cancellationToken);
            var loadedMemory = await probe.MeasureMemoryAfterGcAsync(cancellationToken);
            var loadedCensus = await TakeCensusAsync(app.ProcessId, $"{path}: {fleet.Count} circuits", cancellationToken);
            var (same, ticking) = await fleet.CheckAsync();
            var result = new PageMeasurement(path, fleet.Count, baseline, baselineMemory, loaded, loadedMemory, baselineCensus, loadedCensus, same, ticking);
            Progress($"{path}: {result.RssPerCircuit / 1024:0} KiB RSS, {result.HeapPerCircuit / 1024:0} KiB GC heap and {result.Breakdown.LiveBytesPerCircuit / 1024:0} KiB live objects per circuit; {same} pages never reloaded, {ticking} ticking");
            return (result, browser.Version);
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Waits for things to settle, then samples the app at both ends of the window.</summary>
    private static async Task<MeasuredWindow> MeasureWindowAsync(ServerProbe probe, CircuitsOptions options, string what, CancellationToken cancellationToken)
    {
        await Task.Delay(options.Settle, TimeProvider.System, cancellationToken);
        Progress($"{what}: measuring for {options.Window.TotalSeconds:0} s");
        var start = await probe.SampleAsync(cancellationToken);
        await Task.Delay(options.Window, TimeProvider.System, cancellationToken);
        var end = await probe.SampleAsync(cancellationToken);
        var window = new MeasuredWindow(start, end, TimeProvider.System.GetElapsedTime(start.At, end.At));
        if (end.CircuitsConnected != start.CircuitsConnected || end.CircuitsOpen != start.CircuitsOpen)
        {
            Progress($"{what}: circuits changed during the window: {start.CircuitsConnected}→{end.CircuitsConnected} connected, {start.CircuitsOpen}→{end.CircuitsOpen} open");
        }

        return window;
    }

    private static async Task<HeapCensus> TakeCensusAsync(int pid, string what, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var census = await HeapCensus.TakeInChildAsync(pid, cancellationToken);
        Progress($"{what}: heap census {census.LiveBytes / 1024.0 / 1024.0:0.0} MiB in {census.LiveObjects} live objects ({TimeProvider.System.GetElapsedTime(started).TotalSeconds:0.0} s)");
        return census;
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {message}");
}
