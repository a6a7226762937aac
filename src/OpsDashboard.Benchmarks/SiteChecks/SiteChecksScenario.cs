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
/// each interval, as a Prometheus scrape would), CPU and resident memory as ratios.
/// </summary>
public static class SiteChecksScenario
{
    public const string Usage = "site-checks [--sites 1000] [--hanging-percent 5] [--interval-s 30] [--timeout-s 10] [--rounds 10] [--blackbox /usr/bin/prometheus-blackbox-exporter]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = ScenarioArgs.Number(args, "--sites", 1000);
        var hanging = count * ScenarioArgs.Number(args, "--hanging-percent", 5) / 100;
        var interval = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--interval-s", 30));
        var timeout = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--timeout-s", 10));
        var rounds = ScenarioArgs.Number(args, "--rounds", 10);
        var i = Array.IndexOf(args, "--blackbox");
        var blackboxPath = i >= 0 && i + 1 < args.Length ? args[i + 1] : "/usr/bin/prometheus-blackbox-exporter";

        await using var site = await FakeSite.StartAsync();
        using var hang = new FakeHangingSite();
        var urls = Enumerable.Range(0, count).Select(n => n < hanging ? new Uri(hang.Url, $"site-{n}/").ToString() : site.Set($"/site-{n}/", new FakePage("<title>Mozilla</title>")).ToString()).ToList();
        var options = new SiteChecksOptions
        {
            Sites = [.. urls.Select((u, n) => new SiteCheckOptions { Name = $"site-{n}", Group = $"group-{n % 20}", Url = u, Interval = interval, Timeout = timeout, ExpectText = "Mozilla" })],
        };
        Console.WriteLine($"site-checks: {count} sites ({hanging} hanging), interval {interval.TotalSeconds} s, timeout {timeout.TotalSeconds} s, {rounds} rounds");

        await using var blackbox = File.Exists(blackboxPath) ? await BlackboxPeer.StartAsync(blackboxPath, timeout, cancellationToken) : null;
        if (blackbox is null)
        {
            Console.WriteLine($"peer: {blackboxPath} is missing (apt-get install prometheus-blackbox-exporter); running without it");
        }

        var sink = new CountingSink();
        var source = new HttpSiteChecksSource(options, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var started = Stopwatch.StartNew();
        var run = source.RunAsync(sink, stop.Token);
        var peerRun = blackbox?.RunAsync(urls, interval, stop.Token) ?? Task.CompletedTask;
        var lateRounds = 0;
        var heaps = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            // Sites are first checked spread over the interval, so the round-th check of each is due by round intervals
            // plus its timeout (a hanging one answers then): by that moment every site must have been checked round times.
            var due = (interval * round) + timeout;
            await Task.Delay(due - started.Elapsed, cancellationToken);
            var checks = sink.Checks;
            var onTime = sink.FewestChecksOfASite(count) >= round;
            lateRounds += onTime ? 0 : 1;
            GC.Collect();
            heaps.Add(GC.GetTotalMemory(forceFullCollection: true) / 1e6);
            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round,3}: {checks} checks ({(onTime ? "on time" : "LATE")}), managed heap {heaps[^1]:0.0} MB, working set {self.WorkingSet64 / 1e6:0.0} MB, {self.Threads.Count} threads, {ProcFs.CountLines("/proc/self/maps")} memory maps, {ProcFs.CountEntries("/proc/self/fd")} open files ({hang.Held} held by the hanging site){(blackbox is null ? "" : $"; blackbox_exporter {blackbox.Probes} probes, RSS {blackbox.ResidentBytes() / 1e6:0.0} MB")}"));
        }

        await stop.CancelAsync();
        await Task.WhenAll(run, peerRun).ContinueWith(_ => { }, TaskScheduler.Default);
        self.Refresh();
        var cpu = self.TotalProcessorTime - cpuBefore;
        var cpuPerCheck = cpu.TotalMilliseconds / Math.Max(1, sink.Checks);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard: {sink.Checks} checks, CPU {cpu.TotalSeconds:0.0} s = {cpuPerCheck:0.00} ms per check (this process also drives the peer and serves the fake sites), heap first/last round {heaps[0]:0.0}/{heaps[^1]:0.0} MB, late rounds {lateRounds}"));
        if (blackbox is not null)
        {
            var peerCpu = blackbox.Cpu();
            var peerPerProbe = peerCpu.TotalMilliseconds / Math.Max(1, blackbox.Probes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"blackbox_exporter (peer): {blackbox.Probes} probes, CPU {peerCpu.TotalSeconds:0.0} s = {peerPerProbe:0.00} ms per probe, RSS {blackbox.ResidentBytes() / 1e6:0.0} MB; dashboard CPU per check / peer's = {cpuPerCheck / peerPerProbe:0.00}; median probe duration seen by each: dashboard {sink.MedianTotalMs():0.0} ms, blackbox {blackbox.MedianDurationMs():0.0} ms"));
        }

        return lateRounds == 0 ? 0 : 1;
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
