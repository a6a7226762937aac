using System.Diagnostics;
using System.Globalization;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Tests.Fakes.Freshness;

namespace OpsDashboard.Benchmarks.Freshness;

/// <summary>
/// 1,000 pods with health pages, 5 % of them hanging: how long one full round takes against the per-request timeout
/// (goal: timeout + 0.5 s), peer-measured against the same round with no pod hanging; and whether memory stays flat
/// over 1,000 rounds.
/// </summary>
public static class FreshnessScenario
{
    public const string Usage = "freshness [--pods 1000] [--hanging-percent 5] [--timeout-ms 5000] [--rounds 1000] [--soak-timeout-ms 200]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var pods = ScenarioArgs.Number(args, "--pods", 1000);
        var hangingPercent = ScenarioArgs.Number(args, "--hanging-percent", 5);
        var timeout = TimeSpan.FromMilliseconds(ScenarioArgs.Number(args, "--timeout-ms", 5000));
        var rounds = ScenarioArgs.Number(args, "--rounds", 1000);
        var soakTimeout = TimeSpan.FromMilliseconds(ScenarioArgs.Number(args, "--soak-timeout-ms", 200));
        var hanging = pods * hangingPercent / 100;

        await using var fleet = await FakePodFleet.StartAsync();
        var targets = new List<ProbeTarget>(pods);
        for (var i = 0; i < pods; i++)
        {
            var page = i < hanging ? new FakeHealthPage { Hang = true } : FakeHealthPage.Bedrock(dbAgeSeconds: 30 + (i % 300));
            targets.Add(new ProbeTarget($"bedrock-web-{i}", fleet.Set($"pod-{i}", page)));
        }

        var healthy = targets.Skip(hanging).ToList();
        using var prober = new HealthPageProber(TimeProvider.System);
        var app = new FreshnessAppOptions { Name = "bedrock", Timeout = timeout, Interval = timeout * 3 };

        Console.WriteLine($"freshness: {pods} pods ({hanging} hanging), timeout {timeout.TotalMilliseconds} ms, concurrency {app.Concurrency}");
        await prober.ProbeAllAsync(healthy, app, cancellationToken);
        var peer = await TimeRoundsAsync(prober, healthy, app, 3, cancellationToken);
        var measured = await TimeRoundsAsync(prober, targets, app, 3, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round, no pod hanging (peer): median {peer.TotalMilliseconds:0} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round, {hanging} hanging: median {measured.TotalMilliseconds:0} ms = timeout + {(measured - timeout).TotalMilliseconds:0} ms (goal: timeout + 500 ms) = {measured / peer:0.0}x the peer"));

        // Memory over many rounds, with a short timeout so 1,000 rounds take minutes, not hours.
        var soak = new FreshnessAppOptions { Name = "bedrock", Timeout = soakTimeout, Interval = soakTimeout * 3 };
        var heap = new List<(int Round, long Heap, long Rss)>();
        for (var round = 1; round <= rounds; round++)
        {
            await prober.ProbeAllAsync(targets, soak, cancellationToken);
            if (round == 10 || round % (rounds / 10) == 0)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                heap.Add((round, GC.GetTotalMemory(forceFullCollection: true), Environment.WorkingSet));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round,5}: managed heap {heap[^1].Heap / 1e6:0.0} MB, working set {heap[^1].Rss / 1e6:0.0} MB"));
            }
        }

        var first = heap[0];
        var last = heap[^1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"heap after round {last.Round} / after round {first.Round}: {(double)last.Heap / first.Heap:0.00}; working set: {(double)last.Rss / first.Rss:0.00}; requests answered by the fake pods: {fleet.Requests}"));
        return measured <= timeout + TimeSpan.FromMilliseconds(500) ? 0 : 1;
    }

    private static async Task<TimeSpan> TimeRoundsAsync(HealthPageProber prober, List<ProbeTarget> targets, FreshnessAppOptions app, int count, CancellationToken cancellationToken)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            await prober.ProbeAllAsync(targets, app, cancellationToken);
            times.Add(clock.Elapsed);
        }

        return times.Order().ElementAt(count / 2);
    }
}
