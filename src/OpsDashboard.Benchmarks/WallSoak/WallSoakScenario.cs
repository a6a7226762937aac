using OpsDashboard.Benchmarks.Server;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.WallSoak;

/// <summary>The browser's and the app's figures at one sample, <paramref name="At"/> after the pages went live.</summary>
public sealed record SoakSample(TimeSpan At, IReadOnlyList<PageSample> Pages, long ServerRssBytes, long ServerGcHeapBytes, int Circuits);

/// <summary>A restart or a network cut, and how long the pages took to be live again without anyone touching them.</summary>
public sealed record Disruption(string What, TimeSpan At, TimeSpan? CameBackAfter);

/// <summary>
/// The wall left running: the real app (demo fleet, history on) and headless Chromium with a rotating wall, a plain
/// wall and a live timeline, measured every sample through the DevTools protocol and the app's /metrics; in the
/// middle, the app is killed and started again, and later the network between browser and app is cut.
/// </summary>
public static class WallSoakScenario
{
    private static readonly TimeSpan ComeBackTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        WallSoakOptions options;
        try
        {
            options = WallSoakOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        using var dir = new TempDirectory();
        var settings = new Dictionary<string, string> { ["Dashboard:History:Path"] = dir.File("history.db") };
        var appPort = DashboardProcess.FreePort();
        var app = await DashboardProcess.StartAsync(appPort, settings, cancellationToken);
        await using var proxy = new CutProxy(DashboardProcess.FreePort(), appPort);
        proxy.Start();
        var probe = new ServerProbe(app.ProcessId, app.BaseUri, TimeProvider.System);
        var (playwright, browser) = await Browser.LaunchAsync();
        var started = TimeProvider.System.GetUtcNow();
        var samples = new List<SoakSample>();
        var disruptions = new List<Disruption>();
        List<SoakPage> pages = [];
        try
        {
            var context = await browser.NewContextAsync();
            pages =
            [
                await SoakPage.OpenAsync(context, proxy.BaseUri, "rotating wall", $"/wall?rotate={options.Rotate.TotalSeconds:0}s"),
                await SoakPage.OpenAsync(context, proxy.BaseUri, "wall", "/wall"),
                await SoakPage.OpenAsync(context, proxy.BaseUri, "timeline", "/timeline?range=15m"),
            ];
            await WaitLiveAsync(probe, pages, "the pages to open", cancellationToken);
            Progress($"app pid {app.ProcessId}, {pages.Count} pages live through the relay on port {proxy.Port}; running for {options.Duration}");

            var clock = TimeProvider.System.GetTimestamp();
            var restartDue = options.Duration * options.RestartAt;
            var cutDue = options.Duration * options.CutAt;
            for (var k = 0; ; k++)
            {
                var due = options.Sample * k;
                if (due > options.Duration)
                {
                    break;
                }

                foreach (var (what, at) in new[] { ("restart", restartDue), ("network cut", cutDue) })
                {
                    if (at <= due && disruptions.All(d => d.What != what))
                    {
                        await SleepUntilAsync(clock, at, cancellationToken);
                        var began = TimeProvider.System.GetElapsedTime(clock);
                        if (what == "restart")
                        {
                            Progress("killing the app");
                            await app.DisposeAsync();
                            probe.Dispose();
                            app = await DashboardProcess.StartAsync(appPort, settings, cancellationToken);
                            probe = new ServerProbe(app.ProcessId, app.BaseUri, TimeProvider.System);
                            Progress($"app started again, pid {app.ProcessId}");
                        }
                        else
                        {
                            Progress($"cutting the network for {options.CutFor}");
                            await proxy.CutAsync();
                            await Task.Delay(options.CutFor, TimeProvider.System, cancellationToken);
                            proxy.Restore();
                        }

                        var back = TimeProvider.System.GetTimestamp();
                        var cameBack = await WaitLiveAsync(probe, pages, $"the pages after the {what}", cancellationToken);
                        disruptions.Add(new Disruption(what, began, cameBack ? TimeProvider.System.GetElapsedTime(back) : null));
                        Progress(cameBack ? $"pages live again {TimeProvider.System.GetElapsedTime(back).TotalSeconds:0} s after the {what}" : $"pages NOT live {ComeBackTimeout} after the {what}");
                    }
                }

                await SleepUntilAsync(clock, due, cancellationToken);
                var sample = await SampleAsync(TimeProvider.System.GetElapsedTime(clock), pages, probe, cancellationToken);
                samples.Add(sample);
                Progress($"{sample.At:hh\\:mm\\:ss}: " + string.Join("; ", pages.Zip(sample.Pages, (p, s) =>
                    $"{p.Name} {s.JsHeapUsedBytes / 1048576.0:0.0} MiB JS, {s.DomNodes} nodes, {s.Listeners} listeners, {s.Loads} reloads{(p.HasClock && !s.Ticking ? ", NOT ticking" : "")}")) +
                    $"; app {sample.ServerRssBytes / 1048576.0:0} MiB RSS, {sample.ServerGcHeapBytes / 1048576.0:0.0} MiB heap, {sample.Circuits} circuits");
            }

            var report = WallSoakReport.Render(args, options, started, browser.Version, pages, samples, disruptions);
            await Console.Out.WriteLineAsync(report);
            if (options.Output is { } output)
            {
                await File.WriteAllTextAsync(output, report, cancellationToken);
                await File.WriteAllTextAsync(Path.ChangeExtension(output, ".csv"), WallSoakReport.Csv(pages, samples), cancellationToken);
            }

            return disruptions.All(d => d.CameBackAfter is not null) && samples[^1].Pages.All(p => p.Ticking) ? 0 : 1;
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.DisposeAsync();
            }

            await browser.DisposeAsync();
            playwright.Dispose();
            probe.Dispose();
            await app.DisposeAsync();
        }
    }

    private static async Task<SoakSample> SampleAsync(TimeSpan at, List<SoakPage> pages, ServerProbe probe, CancellationToken cancellationToken)
    {
        var browserSide = new List<PageSample>();
        foreach (var page in pages)
        {
            browserSide.Add(await page.SampleAsync());
        }

        var memory = await probe.MeasureMemoryAfterGcAsync(cancellationToken);
        var server = await probe.SampleAsync(cancellationToken);
        return new SoakSample(at, browserSide, memory.RssBytes, memory.GcHeapBytes, server.CircuitsConnected);
    }

    /// <summary>Live: the app holds a connected circuit for every page and every page with a clock sees it tick.</summary>
    private static async Task<bool> WaitLiveAsync(ServerProbe probe, List<SoakPage> pages, string what, CancellationToken cancellationToken)
    {
        var start = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(start) < ComeBackTimeout)
        {
            try
            {
                var sample = await probe.SampleAsync(cancellationToken);
                if (sample.CircuitsConnected >= pages.Count && pages.All(p => p.IsTicking))
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // The app is not answering yet.
            }

            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, cancellationToken);
        }

        Progress($"gave up waiting for {what}");
        return false;
    }

    private static async Task SleepUntilAsync(long clock, TimeSpan due, CancellationToken cancellationToken)
    {
        var wait = due - TimeProvider.System.GetElapsedTime(clock);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TimeProvider.System, cancellationToken);
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[{TimeProvider.System.GetUtcNow():HH:mm:ss}] {message}");
}
