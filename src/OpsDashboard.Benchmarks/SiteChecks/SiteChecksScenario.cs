using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using OpsDashboard.Benchmarks.Server;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.SiteChecks;

namespace OpsDashboard.Benchmarks.SiteChecks;

/// <summary>
/// 1,000 site checks at a 30 s interval, 5 % of the sites hanging (accepting and never answering): whether every round
/// of checks lands within its interval, CPU per check and memory over the rounds; peer-measured against Debian's
/// prometheus-blackbox-exporter probing the same targets in the same run (its /probe endpoint asked for every target
/// each interval, as a Prometheus scrape would), CPU and resident memory as ratios. The dashboard's checks run in a
/// process of their own (<c>site-checks --prober</c>, server GC as the app runs), so their CPU and memory are theirs
/// alone: the fake sites and the peer's driver run in this one, and their cost is said apart.
/// </summary>
public static class SiteChecksScenario
{
    public const string Usage = "site-checks [--sites 1000] [--hanging-percent 5] [--interval-s 30] [--timeout-s 10] [--rounds 10] [--groups 20] [--peer-burst] [--blackbox /usr/bin/prometheus-blackbox-exporter]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Contains("--prober"))
        {
            return await ProberAsync(args, cancellationToken);
        }

        var count = ScenarioArgs.Number(args, "--sites", 1000);
        var hanging = count * ScenarioArgs.Number(args, "--hanging-percent", 5) / 100;
        var interval = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--interval-s", 30));
        var timeout = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--timeout-s", 10));
        var rounds = ScenarioArgs.Number(args, "--rounds", 10);
        var groups = ScenarioArgs.Number(args, "--groups", 20);
        var i = Array.IndexOf(args, "--blackbox");
        var blackboxPath = i >= 0 && i + 1 < args.Length ? args[i + 1] : "/usr/bin/prometheus-blackbox-exporter";

        await using var site = await FakeSite.StartAsync();
        using var hang = new FakeHangingSite();
        var urls = Enumerable.Range(0, count).Select(n => n < hanging ? new Uri(hang.Url, $"site-{n}/").ToString() : site.Set($"/site-{n}/", new FakePage("<title>Mozilla</title>")).ToString()).ToList();
        var urlsFile = Path.Combine(Path.GetTempPath(), $"site-checks-{Environment.ProcessId}.urls");
        await File.WriteAllLinesAsync(urlsFile, urls, cancellationToken);
        Console.WriteLine($"site-checks: {count} sites ({hanging} hanging) in {groups} groups, interval {interval.TotalSeconds} s, timeout {timeout.TotalSeconds} s, {rounds} rounds; the peer is asked {(args.Contains("--peer-burst") ? "for every target at once" : "for each target in turn, spread over the interval")}");

        await using var blackbox = File.Exists(blackboxPath) ? await BlackboxPeer.StartAsync(blackboxPath, timeout, cancellationToken) : null;
        if (blackbox is null)
        {
            Console.WriteLine($"peer: {blackboxPath} is missing (apt-get install prometheus-blackbox-exporter); running without it");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var self = Process.GetCurrentProcess();
        var harnessCpuBefore = self.TotalProcessorTime;
        await using var prober = ScenarioProcess.Start("prober", "site-checks",
            ["--prober", "--urls-file", urlsFile, "--interval-s", $"{interval.TotalSeconds}", "--timeout-s", $"{timeout.TotalSeconds}", "--rounds", $"{rounds}", "--groups", $"{groups}"], serverGc: true);
        var peerRun = blackbox?.RunAsync(urls, interval, burst: args.Contains("--peer-burst"), stop.Token) ?? Task.CompletedTask;
        var (peerCpuAtRound1, peerProbesAtRound1) = (TimeSpan.Zero, 0L);
        for (var round = 1; round <= rounds; round++)
        {
            var r = await prober.ReadAsync("round", cancellationToken);
            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round,3}: {r}; harness {self.Threads.Count} threads, {hang.Held} connections held by the hanging site{(blackbox is null ? "" : $"; blackbox_exporter {blackbox.Probes} probes, RSS {blackbox.ResidentBytes() / 1e6:0.0} MB")}"));
            if (round == 1 && blackbox is not null)
            {
                (peerCpuAtRound1, peerProbesAtRound1) = (blackbox.Cpu(), blackbox.Probes);
            }
        }

        var result = (await prober.ReadAsync("result", cancellationToken)).Split(' ').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var (checks, cpuMs, medianMs, late, heapFirst, heapLast) = ((long)result[0], result[1], result[2], (int)result[3], result[4], result[5]);
        var (checksAfter1, cpuMsAfter1) = ((long)result[6], result[7]);
        await stop.CancelAsync();
        await peerRun.ContinueWith(_ => { }, TaskScheduler.Default);
        self.Refresh();
        File.Delete(urlsFile);
        var cpuPerCheck = cpuMs / Math.Max(1, checks);
        // After round 1 as well: the first round also pays for the process's start and its JIT, which a long run does not repeat.
        var steadyPerCheck = cpuMsAfter1 / Math.Max(1, checksAfter1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard (its own process): {checks} checks, CPU {cpuMs / 1000:0.0} s = {cpuPerCheck:0.00} ms per check; after round 1: {checksAfter1} checks, {cpuMsAfter1 / 1000:0.0} s = {steadyPerCheck:0.00} ms per check; heap first/last round {heapFirst:0.0}/{heapLast:0.0} MB, late rounds {late}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"harness (the fake sites serving both, and the peer's driver): CPU {(self.TotalProcessorTime - harnessCpuBefore).TotalSeconds:0.0} s"));
        if (blackbox is not null)
        {
            var peerCpu = blackbox.Cpu();
            var peerPerProbe = peerCpu.TotalMilliseconds / Math.Max(1, blackbox.Probes);
            var peerSteady = (peerCpu - peerCpuAtRound1).TotalMilliseconds / Math.Max(1, blackbox.Probes - peerProbesAtRound1);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"blackbox_exporter (peer): {blackbox.Probes} probes, CPU {peerCpu.TotalSeconds:0.0} s = {peerPerProbe:0.00} ms per probe, after round 1 {peerSteady:0.00} ms per probe, RSS {blackbox.ResidentBytes() / 1e6:0.0} MB; dashboard CPU per check / peer's = {cpuPerCheck / peerPerProbe:0.00} (after round 1: {steadyPerCheck / peerSteady:0.00}); median probe duration seen by each: dashboard {medianMs:0.0} ms, blackbox {blackbox.MedianDurationMs():0.0} ms"));
        }

        return late == 0 ? 0 : 1;
    }

    /// <summary>
    /// <c>--prober</c>: the panel's real source checking the sites listed in <c>--urls-file</c> on its timers; a line
    /// "round …" at the end of each round (its checks, whether on time, managed heap, working set, threads, memory maps,
    /// open files), then "result CHECKS CPU_MS MEDIAN_MS LATE HEAP_FIRST HEAP_LAST CHECKS_AFTER_ROUND_1 CPU_MS_AFTER_ROUND_1".
    /// </summary>
    private static async Task<int> ProberAsync(string[] args, CancellationToken cancellationToken)
    {
        var i = Array.IndexOf(args, "--urls-file");
        var urls = await File.ReadAllLinesAsync(args[i + 1], cancellationToken);
        var interval = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--interval-s", 30));
        var timeout = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--timeout-s", 10));
        var rounds = ScenarioArgs.Number(args, "--rounds", 10);
        var groups = ScenarioArgs.Number(args, "--groups", 20);
        var options = new SiteChecksOptions
        {
            Sites = [.. urls.Select((u, n) => new SiteCheckOptions { Name = $"site-{n}", Group = $"group-{n % groups}", Url = u, Interval = interval, Timeout = timeout, ExpectText = "Mozilla" })],
        };
        var sink = new CountingSink();
        var source = new HttpSiteChecksSource(options, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var started = Stopwatch.StartNew();
        var run = source.RunAsync(sink, stop.Token);
        var lateRounds = 0;
        var heaps = new List<double>();
        var (checksAtRound1, cpuAtRound1) = (0L, TimeSpan.Zero);
        var measuring = TimeSpan.Zero;
        for (var round = 1; round <= rounds; round++)
        {
            // Sites are first checked spread over the interval, so the round-th check of each is due by round intervals
            // plus its timeout (a hanging one answers then): by that moment every site must have been checked round times.
            var due = (interval * round) + timeout;
            await Task.Delay(due - started.Elapsed, cancellationToken);
            var checks = sink.Checks;
            var onTime = sink.FewestChecksOfASite(urls.Length) >= round;
            lateRounds += onTime ? 0 : 1;
            // The measuring's own full collections are not the dashboard's cost: their CPU is taken off.
            self.Refresh();
            var beforeGc = self.TotalProcessorTime;
            GC.Collect();
            heaps.Add(GC.GetTotalMemory(forceFullCollection: true) / 1e6);
            self.Refresh();
            measuring += self.TotalProcessorTime - beforeGc;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {checks} checks ({(onTime ? "on time" : "LATE")}), managed heap {heaps[^1]:0.0} MB, working set {self.WorkingSet64 / 1e6:0.0} MB, {self.Threads.Count} threads, {ProcFs.CountLines("/proc/self/maps")} memory maps, {ProcFs.CountEntries("/proc/self/fd")} open files"));
            if (round == 1)
            {
                (checksAtRound1, cpuAtRound1) = (checks, self.TotalProcessorTime - measuring);
            }
        }

        await stop.CancelAsync();
        await run.ContinueWith(_ => { }, TaskScheduler.Default);
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"result {sink.Checks} {(self.TotalProcessorTime - measuring - cpuBefore).TotalMilliseconds:0} {sink.MedianTotalMs():0.000} {lateRounds} {heaps[0]:0.0} {heaps[^1]:0.0} {sink.Checks - checksAtRound1} {(self.TotalProcessorTime - measuring - cpuAtRound1).TotalMilliseconds:0}"));
        return 0;
    }

    private sealed class CountingSink : IReadingSink<SiteGroupChecks>
    {
        private readonly ConcurrentQueue<double> _totals = new();
        private long _checks;

        public long Checks => Interlocked.Read(ref _checks);

        /// <summary>Checks made of each site so far, as its group's tile counts them.</summary>
        private readonly ConcurrentDictionary<string, long> _perSite = new(StringComparer.Ordinal);

        public long FewestChecksOfASite(int sites) => _perSite.Count < sites ? 0 : _perSite.Values.Min();

        public void Publish(string group, string target, SiteGroupChecks snapshot, DateTimeOffset takenAt)
        {
            Interlocked.Increment(ref _checks);
            foreach (var site in snapshot.Sites)
            {
                _perSite[$"{target}/{site.Name}"] = site.Availability.Month.Checks;
            }

            if (_totals.Count < 100_000 && snapshot.Sites.MaxBy(s => s.Last?.At)?.Last is { Up: true } last)
            {
                _totals.Enqueue(last.Phases.Total.TotalMilliseconds);
            }
        }

        public void Fail(string group, string target, string message) => Interlocked.Increment(ref _checks);

        public void FailAll(string message)
        {
        }

        public double MedianTotalMs() => _totals.IsEmpty ? 0 : _totals.Order().ElementAt(_totals.Count / 2);
    }
}
