using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.SiteChecks;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>The whole source on a fake clock against sites on loopback: each interval is one step of the clock.</summary>
public sealed class HttpSiteChecksSourceTests : IAsyncLifetime
{
    private FakeSite _site = null!;

    public async Task InitializeAsync() => _site = await FakeSite.StartAsync();

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task A_site_answering_503_for_a_while_goes_down_after_Retries_checks_and_recovers_the_same_way()
    {
        // Three good answers, four 503s, then good again.
        var url = _site.Set("/en-US/", new FakePage("<title>MDN Web Docs · Mozilla</title>", 200, 200, 200, 503, 503, 503, 503, 200));
        var options = new SiteChecksOptions { Sites = [new() { Name = "developer.mozilla.org", Group = "mdn", Url = url.ToString(), ExpectText = "Mozilla", Retries = 3 }] };
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var source = new HttpSiteChecksSource(options, clock);
        var sink = new RecordingSink<SiteGroupChecks>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = source.RunAsync(sink, cts.Token);

        var states = new List<SiteState>();
        SiteGroupChecks last = null!;
        for (var i = 0; i < 10; i++)
        {
            if (i > 0)
            {
                clock.Advance(TimeSpan.FromSeconds(30));
            }

            var (group, target, snapshot) = await sink.NextAsync(cts.Token);
            Assert.Equal((SiteChecksPanel.OverviewGroup, "mdn"), (group, target));
            states.Add(snapshot.Sites[0].State);
            last = snapshot;
            if (i == 5)
            {
                Assert.Equal(DataHealth.Critical, snapshot.Health);
                Assert.Equal("0 / 1 up", snapshot.Headline);
                Assert.Equal("developer.mozilla.org down for 1 min: HTTP 503", snapshot.Why);
            }
        }

        Assert.Equal([SiteState.Unknown, SiteState.Unknown, SiteState.Up, SiteState.Up, SiteState.Up, SiteState.Down, SiteState.Down, SiteState.Down, SiteState.Down, SiteState.Up], states);
        var site = last.Sites[0];
        var episode = Assert.Single(site.Episodes);
        Assert.Equal(TimeSpan.FromMinutes(2), episode.To - episode.From);
        Assert.Equal(503, site.LastFailure?.Status);
        Assert.Equal("<title>MDN Web Docs · Mozilla</title>", site.LastFailure?.BodyStart);
        Assert.Equal(new CheckCounts(10, 4), site.Availability.OneHour);
        Assert.Equal(10, _site.Asked("/en-US/"));
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task A_hanging_site_costs_only_its_own_timeout_and_its_group_tile()
    {
        using var hanging = new FakeHangingSite();
        var fine = _site.Set("/", new FakePage());
        var options = new SiteChecksOptions
        {
            Sites =
            [
                new() { Name = "hung", Group = "sumo", Url = hanging.Url.ToString(), Timeout = TimeSpan.FromSeconds(10), Retries = 1 },
                new() { Name = "fine", Group = "bedrock", Url = fine.ToString(), Retries = 1 },
            ],
        };
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var sink = new RecordingSink<SiteGroupChecks>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = new HttpSiteChecksSource(options, clock).RunAsync(sink, cts.Token);

        // The good site answers while the hung one is still waiting for its timeout.
        var first = await sink.NextAsync(cts.Token);
        Assert.Equal("bedrock", first.Target);
        Assert.Equal(SiteState.Up, first.Snapshot.Sites[0].State);
        await hanging.Accepted;
        clock.Advance(TimeSpan.FromSeconds(10));
        var second = await sink.NextAsync(cts.Token);
        Assert.Equal("sumo", second.Target);
        Assert.Equal(SiteState.Down, second.Snapshot.Sites[0].State);
        Assert.Equal("no answer within 10 s", second.Snapshot.Sites[0].Last?.Error);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }
}
