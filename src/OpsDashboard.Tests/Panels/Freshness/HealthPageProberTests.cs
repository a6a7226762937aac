using System.Diagnostics;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Tests.Fakes.Freshness;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Freshness;

/// <summary>Real HTTP servers on loopback standing in for pods.</summary>
public sealed class HealthPageProberTests : IAsyncLifetime
{
    private static readonly FreshnessAppOptions App = new() { Name = "bedrock", Timeout = TimeSpan.FromSeconds(3), Interval = TimeSpan.FromSeconds(10) };
    private FakePodFleet _pods = null!;
    private readonly HealthPageProber _prober = new(TimeProvider.System);

    public async Task InitializeAsync() => _pods = await FakePodFleet.StartAsync();

    public async Task DisposeAsync()
    {
        _prober.Dispose();
        await _pods.DisposeAsync();
    }

    [Fact]
    public async Task Every_kind_of_pod_gets_its_own_verdict()
    {
        var targets = new List<ProbeTarget>
        {
            new("fresh", _pods.Set("fresh", FakeHealthPage.Bedrock(dbAgeSeconds: 100))),
            new("late", _pods.Set("late", FakeHealthPage.Bedrock(dbAgeSeconds: 420))),
            new("stale", _pods.Set("stale", FakeHealthPage.Bedrock(dbAgeSeconds: 700))),
            new("garbage", _pods.Set("garbage", new FakeHealthPage { Body = "<html>upstream connect error or disconnect/reset before headers</html>" })),
            new("slow", _pods.Set("slow", FakeHealthPage.Bedrock(dbAgeSeconds: 100) with { Delay = TimeSpan.FromMilliseconds(300) })),
            new("hung", _pods.Set("hung", new FakeHealthPage { Hang = true })),
            new("refused", new Uri($"http://127.0.0.1:{DashboardProcess.FreePort()}/healthz-cron/")),
            new("not-found", new Uri($"http://127.0.0.1:{_pods.Port}/nobody/healthz-cron/")),
        };

        var results = (await _prober.ProbeAllAsync(targets, App, CancellationToken.None)).ToDictionary(r => r.Pod);

        Assert.Equal(FreshnessState.Fresh, results["fresh"].State);
        Assert.Equal(TimeSpan.FromSeconds(100), results["fresh"].DbAge);
        Assert.Equal("5bd0f4e8c3a1", results["fresh"].DbChecksum);
        Assert.Equal(FreshnessState.Late, results["late"].State);
        Assert.Equal(FreshnessState.Stale, results["stale"].State);
        Assert.Equal(500, results["stale"].StatusCode);
        Assert.Equal(FreshnessState.Unreadable, results["garbage"].State);
        Assert.Contains("page not understood: no task rows", results["garbage"].Error, StringComparison.Ordinal);
        Assert.Equal(FreshnessState.Fresh, results["slow"].State);
        Assert.Equal(FreshnessState.Unreachable, results["hung"].State);
        Assert.Equal("no answer within 3 s", results["hung"].Error);
        Assert.Equal(FreshnessState.Unreachable, results["refused"].State);
        Assert.Contains("refused", results["refused"].Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(FreshnessState.Unreadable, results["not-found"].State);
        Assert.StartsWith("HTTP 404 from", results["not-found"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hung_pods_cost_one_timeout_not_one_each()
    {
        var targets = Enumerable.Range(0, 6).Select(i => new ProbeTarget($"hung-{i}", _pods.Set($"hung-{i}", new FakeHealthPage { Hang = true })))
            .Concat(Enumerable.Range(0, 20).Select(i => new ProbeTarget($"ok-{i}", _pods.Set($"ok-{i}", FakeHealthPage.Bedrock(dbAgeSeconds: 60)))))
            .ToList();

        var clock = Stopwatch.StartNew();
        var results = await _prober.ProbeAllAsync(targets, App, CancellationToken.None);
        var round = clock.Elapsed;

        Assert.Equal(20, results.Count(r => r.State == FreshnessState.Fresh));
        Assert.Equal(6, results.Count(r => r.State == FreshnessState.Unreachable));
        // Six hung pods probed one after another would take six timeouts; side by side they take one.
        Assert.True(round < App.Timeout * 3, $"a round with six hung pods took {round}");
    }
}
