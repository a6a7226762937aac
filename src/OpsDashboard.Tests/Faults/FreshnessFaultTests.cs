using System.Net;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.Freshness;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// Pods whose health page stops answering, on real loopback servers (one address per pod, as in a cluster), seen on the
/// rendered freshness tile through the real source, the collector and the store.
/// </summary>
public sealed class FreshnessFaultTests : IAsyncLifetime
{
    private static readonly PanelKey Bedrock = new(FreshnessPanel.Kind, HttpFreshnessSource.ExternalGroup, "bedrock");
    private readonly List<FakePodFleet> _pods = [];

    public async Task InitializeAsync()
    {
        foreach (var address in new[] { "127.0.0.2", "127.0.0.3", "127.0.0.4" })
        {
            var pod = await FakePodFleet.StartAsync(IPAddress.Parse(address));
            pod.Set("*", Healthy());
            _pods.Add(pod);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var pod in _pods)
        {
            await pod.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_hung_pod_is_shown_unreachable_after_one_timeout_while_the_others_are_fresh_and_counts_again_once_it_answers()
    {
        var app = new FreshnessAppOptions
        {
            Name = "bedrock",
            Urls = [.. _pods.Select(p => p.Url("web").ToString())],
            Interval = TimeSpan.FromSeconds(30),
            Timeout = TimeSpan.FromSeconds(3),
        };
        await using var wall = new FaultWall();
        using var source = new HttpFreshnessSource(app, fleet: null, wall.Clock);
        await wall.CollectAsync(source);
        wall.AdvanceUntil(TimeSpan.FromSeconds(1), () => AssertAllFresh(wall));

        var hung = _pods[2];
        hung.Set("*", new FakeHealthPage { Hang = true });
        var hungSince = wall.Clock.GetUtcNow();
        wall.AdvanceUntil(TimeSpan.FromSeconds(1), () =>
        {
            var tile = wall.Tile(Bedrock);
            Assert.Equal("WARNING", tile.Status);
            Assert.Equal("2 / 3 fresh", tile.Headline);
            Assert.Equal($"127.0.0.4:{hung.Port} unreachable: no answer within 3 s", tile.Why);
            Assert.Null(tile.Fault);
            Assert.StartsWith("updated ", tile.Age, StringComparison.Ordinal);
        });

        // The round waited one timeout for the hung pod, no more: its snapshot is stamped within an interval and a timeout.
        Assert.InRange(wall.Store.Current[Bedrock]!.TakenAt!.Value - hungSince, TimeSpan.Zero, app.Interval + app.Timeout + TimeSpan.FromSeconds(1));

        hung.Set("*", Healthy());
        wall.AdvanceUntil(TimeSpan.FromSeconds(1), () => AssertAllFresh(wall));
    }

    private static FakeHealthPage Healthy() => FakeHealthPage.Bedrock(dbAgeSeconds: 120, updated: FaultWall.Start.AddSeconds(-120));

    private static void AssertAllFresh(FaultWall wall)
    {
        var tile = wall.Tile(Bedrock);
        Assert.True(tile.Status == "OK", tile.ToString());
        Assert.Equal("3 / 3 fresh", tile.Headline);
        Assert.Null(tile.Fault);
    }
}
