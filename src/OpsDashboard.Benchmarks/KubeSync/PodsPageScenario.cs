using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using OpsDashboard.Benchmarks.Server;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// "Large tables are virtualized and stay responsive at 150,000 pods": the app watching two fake clusters, one of
/// 150,000 pods and a peer a tenth of that, both big enough to be virtualized; in Chromium, the workloads page of each:
/// navigation to the first row, a search narrowing to one workload, clearing it, scrolling to the end, and how many
/// rows the page holds. The peer is measured in the same run, in the same app, so the ratio is what 10× the pods costs.
/// </summary>
public static class PodsPageScenario
{
    public const string Usage = "pods-page [--pods 150000] [--nodes 5000] [--peer-pods 15000] [--runs 10]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var podCount = ScenarioArgs.Number(args, "--pods", 150_000);
        var nodeCount = ScenarioArgs.Number(args, "--nodes", 5_000);
        var peerPods = ScenarioArgs.Number(args, "--peer-pods", podCount / 10);
        var runs = ScenarioArgs.Number(args, "--runs", 10);
        var big = new BenchmarkCluster(nodeCount, podCount);
        var peer = new BenchmarkCluster(Math.Max(1, nodeCount * peerPods / podCount), peerPods);
        Console.WriteLine($"pods-page: load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores at the start");

        await using var bigServer = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { BookmarkInterval = TimeSpan.FromMinutes(1) }, cancellationToken);
        await using var peerServer = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { BookmarkInterval = TimeSpan.FromMinutes(1) }, cancellationToken);
        FakeClusterHost.Load(bigServer, big);
        FakeClusterHost.Load(peerServer, peer);
        using var dir = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["Dashboard:Demo:Mode"] = "Off",
            ["Dashboard:History:Enabled"] = "false",
            ["Dashboard:Kubernetes:Clusters:0:Name"] = "big",
            ["Dashboard:Kubernetes:Clusters:0:Context"] = "big",
            ["Dashboard:Kubernetes:Clusters:0:Kubeconfig"] = bigServer.WriteKubeconfig(dir.File("big.yaml"), "big"),
            ["Dashboard:Kubernetes:Clusters:1:Name"] = "peer",
            ["Dashboard:Kubernetes:Clusters:1:Context"] = "peer",
            ["Dashboard:Kubernetes:Clusters:1:Kubeconfig"] = peerServer.WriteKubeconfig(dir.File("peer.yaml"), "peer"),
        };
        await using var app = await DashboardProcess.StartAsync(DashboardProcess.FreePort(), settings, cancellationToken);
        using var probe = new ServerProbe(app.ProcessId, app.BaseUri, TimeProvider.System);
        var (playwright, browser) = await Browser.LaunchAsync();
        try
        {
            var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new() { Width = 1400, Height = 900 } });
            var synced = Stopwatch.StartNew();
            var bigWorkloads = await WaitForSyncAsync(page, app.BaseUri, "big", big);
            var peerWorkloads = await WaitForSyncAsync(page, app.BaseUri, "peer", peer);
            Console.WriteLine($"synced {podCount:N0} + {peerPods:N0} pods ({bigWorkloads:N0} + {peerWorkloads:N0} workloads) in {synced.Elapsed.TotalSeconds:0.0} s");
            var memory = await probe.MeasureMemoryAfterGcAsync(cancellationToken);

            var peerFigures = await MeasureAsync(page, probe, app.BaseUri, "peer", peer, runs, cancellationToken);
            var bigFigures = await MeasureAsync(page, probe, app.BaseUri, "big", big, runs, cancellationToken);
            Console.WriteLine($"Chromium, 1400×900, median of {runs} (p95) after one untimed run; the app's GC heap after a full GC with both clusters synced: {memory.GcHeapBytes / 1048576.0:0} MiB, RSS {memory.RssBytes / 1048576.0:0} MiB");
            Console.WriteLine($"| | {podCount:N0} pods, {bigWorkloads:N0} workloads | peer: {peerPods:N0} pods, {peerWorkloads:N0} workloads | ratio |");
            Console.WriteLine("| --- | ---: | ---: | ---: |");
            foreach (var (name, b, p) in bigFigures.Zip(peerFigures, (b, p) => (b.Name, b, p)))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {b.Median.TotalMilliseconds:0} ms ({b.P95.TotalMilliseconds:0}) | {p.Median.TotalMilliseconds:0} ms ({p.P95.TotalMilliseconds:0}) | {b.Median / p.Median:0.00} |"));
            }

            return 0;
        }
        finally
        {
            await browser.DisposeAsync();
            playwright.Dispose();
        }
    }

    /// <summary>Opens the cluster's page until every workload is there; returns how many.</summary>
    private static async Task<int> WaitForSyncAsync(IPage page, Uri baseUri, string cluster, BenchmarkCluster shape)
    {
        await page.GotoAsync(new Uri(baseUri, $"panels/pods/{cluster}").ToString());
        var expected = shape.DeploymentCount + shape.DaemonSetCount;
        await page.WaitForFunctionAsync(
            "n => [...document.querySelectorAll('.detail-filters span')].some(s => s.textContent.includes(`of ${n} workloads`))",
            expected,
            new PageWaitForFunctionOptions { Timeout = 600_000, PollingInterval = 500 });
        return expected;
    }

    private static async Task<List<Figure>> MeasureAsync(IPage page, ServerProbe probe, Uri baseUri, string cluster, BenchmarkCluster shape, int runs, CancellationToken cancellationToken)
    {
        var url = new Uri(baseUri, $"panels/pods/{cluster}").ToString();
        var needle = BenchmarkCluster.DeploymentName(shape.DeploymentCount - 1);
        var timings = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        var rows = 0;
        for (var run = 0; run <= runs; run++)
        {
            await page.GotoAsync("about:blank");
            await probe.WaitForAsync(m => m.Value("opsdashboard_circuits_open") == 0, TimeSpan.FromSeconds(60), "every circuit to close", cancellationToken);

            var clock = Stopwatch.StartNew();
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync("tr[data-workload]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            var firstRow = clock.Elapsed;
            await probe.WaitForAsync(m => m.Value("opsdashboard_circuits_connected") == 1, TimeSpan.FromSeconds(60), "the page's circuit", cancellationToken);
            rows = await page.Locator("tr[data-workload]").CountAsync();

            clock.Restart();
            await page.FillAsync("input[type=search]", needle);
            await page.WaitForFunctionAsync("() => document.querySelectorAll('tr[data-workload]').length === 1", null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 5 });
            var search = clock.Elapsed;

            clock.Restart();
            await page.FillAsync("input[type=search]", "");
            await page.WaitForFunctionAsync("n => document.querySelectorAll('tr[data-workload]').length > 1", null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 5 });
            var cleared = clock.Elapsed;

            var top = await page.GetAttributeAsync("tr[data-workload]", "data-workload");
            clock.Restart();
            await page.EvaluateAsync("() => window.scrollTo(0, document.documentElement.scrollHeight)");
            await page.WaitForFunctionAsync(
                "top => { const r = document.querySelectorAll('tr[data-workload]'); return r.length > 0 && r[0].dataset.workload !== top && r[r.length - 1].getBoundingClientRect().top < window.innerHeight; }",
                top,
                new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 5 });
            var scrolled = clock.Elapsed;

            if (run > 0)
            {
                Add(timings, "navigation to the first row painted", firstRow);
                Add(timings, "search typed to one row shown", search);
                Add(timings, "search cleared to rows back", cleared);
                Add(timings, "scroll to the end to its rows shown", scrolled);
            }
        }

        Console.WriteLine($"{cluster}: {rows} rows in the page's DOM at a time (virtualized)");
        return [.. timings.Select(t => Figure.Of(t.Key, t.Value))];
    }

    private static void Add(Dictionary<string, List<TimeSpan>> timings, string name, TimeSpan value)
    {
        if (!timings.TryGetValue(name, out var list))
        {
            timings[name] = list = [];
        }

        list.Add(value);
    }

    private sealed record Figure(string Name, TimeSpan Median, TimeSpan P95)
    {
        public static Figure Of(string name, List<TimeSpan> values)
        {
            var (median, p95) = Ranks.Of(values);
            return new Figure(name, median, p95);
        }
    }
}
