using Bunit;
using OpsDashboard.Kubernetes;
using OpsDashboard.Tests.Builders;
using static OpsDashboard.Tests.Faults.KubernetesTiles;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// Each way a Kubernetes API server fails, made on one of three clusters' fake API servers, seen through the real
/// fleet, the nodes source, the collector and the store on the rendered overview: what the failing cluster's tile says,
/// that the other two stay live, and that it recovers by itself when the server does.
/// </summary>
public sealed class KubernetesFaultTests
{
    [Fact]
    public async Task An_api_server_down_at_start_is_unreachable_since_then_with_no_data_while_the_others_are_live_and_is_picked_up_when_it_comes_back()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall, f => f["tokyo"].StopAsync());

        wall.AdvanceUntil(Step, () =>
        {
            var tokyo = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("ERROR", tokyo.Status);
            Assert.Equal("no data", tokyo.Headline);
            Assert.Matches($@"^unreachable: Connection refused \(127\.0\.0\.1:{fakes["tokyo"].Port}\) \(since 12:00 UTC\)$", tokyo.Fault);
            Assert.Equal("no data yet", tokyo.Age);
            AssertOthersLive(wall);
        });

        await fakes["tokyo"].RestartAsync();
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo"));
    }

    [Fact]
    public async Task An_api_server_that_takes_lists_and_never_answers_them_is_shown_unreachable_after_the_response_timeout_and_picked_up_when_it_answers()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall, f =>
        {
            f["tokyo"].Faults.ListDelay = TimeSpan.FromHours(1);
            return Task.CompletedTask;
        });

        wall.AdvanceUntil(Step, () =>
        {
            var tokyo = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("ERROR", tokyo.Status);
            Assert.Equal("no data", tokyo.Headline);
            // It answers its /readyz, so this is not the whole server's silence but its lists'.
            Assert.Matches(@"^unreachable: the API server did not answer the \w+ list within 10 s \(since 12:00 UTC\)$", tokyo.Fault);
            AssertOthersLive(wall);
        });

        fakes["tokyo"].Faults.ListDelay = TimeSpan.Zero;
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo"));
    }

    [Fact]
    public async Task One_of_three_clusters_dying_keeps_its_last_data_marked_unreachable_since_when_with_its_age_while_the_others_stay_live()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);

        // At half past, with every cluster confirmed since, tokyo's API server goes away.
        wall.MoveClockTo(FaultWall.Start.AddMinutes(30));
        WaitUntilAllLive(wall);
        await fakes["tokyo"].StopAsync();
        wall.AdvanceUntil(Step, () =>
        {
            var tokyo = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("ERROR", tokyo.Status);
            Assert.Equal("3 / 3 ready", tokyo.Headline);
            Assert.StartsWith("unreachable: ", tokyo.Fault, StringComparison.Ordinal);
            Assert.EndsWith("(since 12:30 UTC)", tokyo.Fault, StringComparison.Ordinal);
        });

        // Five minutes on, the tile still shows the last nodes it saw, how old they are, and since when tokyo is gone.
        wall.AdvanceUntil(TimeSpan.FromSeconds(5), () =>
        {
            var tokyo = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("ERROR", tokyo.Status);
            Assert.Equal("data from 5 min ago", tokyo.Age);
            Assert.Matches($@"^unreachable: Connection refused \(127\.0\.0\.1:{fakes["tokyo"].Port}\) \(since 12:30 UTC\)$", tokyo.Fault);
            AssertOthersLive(wall);

            // Worst first: the dead cluster's column leads the overview, and the summary counts it.
            Assert.Equal("tokyo", wall.Page.Find("[data-group]").GetAttribute("data-group"));
            Assert.Equal("1 error 2 ok", string.Join(' ', wall.Page.Find(".status-tally").TextContent.Split(default(char[]), StringSplitOptions.RemoveEmptyEntries)));
        });

        await fakes["tokyo"].RestartAsync();
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo"));
    }

    [Fact]
    public async Task A_hung_api_server_turns_its_tile_stale_with_the_age_of_its_data_and_it_is_fresh_again_once_the_server_answers()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);

        fakes["tokyo"].Faults.HangWatches = true;
        wall.AdvanceUntil(TimeSpan.FromSeconds(2), () =>
        {
            var tokyo = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("STALE", tokyo.Status);
            Assert.Equal("3 / 3 ready", tokyo.Headline);
            Assert.Equal("data from 2 min ago", tokyo.Age);
            Assert.Equal("stale: no update for 2 min (limit 1 min)", tokyo.Fault);
            AssertOthersLive(wall);
        });
        Assert.True(Watcher(fakes, "tokyo")["nodes"].Stats.HungWatches >= 1, "the silent watch must have been noticed and reopened");

        fakes["tokyo"].Faults.HangWatches = false;
        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").Build());
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo", nodes: 4));
    }

    [Fact]
    public async Task A_410_during_the_watch_is_relisted_behind_a_live_tile_that_follows_the_next_change()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);

        fakes["tokyo"].Faults.ExpireHistory();
        wall.AdvanceUntil(Step, () => Assert.True(Watcher(fakes, "tokyo")["nodes"].Stats.Relists >= 1, "410 Gone must make the nodes reflector list again"));
        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").NotReady().Build());

        wall.AdvanceUntil(Step, () =>
        {
            var tokyo = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("WARNING", tokyo.Status);
            Assert.Equal("3 / 4 ready", tokyo.Headline);
            Assert.Null(tokyo.Fault);
            Assert.StartsWith("updated ", tokyo.Age, StringComparison.Ordinal);
        });
        Assert.True(Watcher(fakes, "tokyo")["nodes"].Stats.Gone >= 1);
    }

    [Fact]
    public async Task A_watch_cut_mid_stream_is_resumed_without_a_relist_and_the_tile_follows_the_next_change()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);
        var opened = Watcher(fakes, "tokyo")["nodes"].Stats.WatchesOpened;

        fakes["tokyo"].Faults.CutWatches();
        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").Build());

        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo", nodes: 4));
        Assert.True(Watcher(fakes, "tokyo")["nodes"].Stats.WatchesOpened > opened, "the cut watch must have been reopened");
        Assert.Equal(0, Watcher(fakes, "tokyo")["nodes"].Stats.Relists);
    }

    [Fact]
    public async Task A_garbled_watch_line_is_resumed_from_the_last_good_version_and_the_tile_follows_the_next_change()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);

        fakes["tokyo"].Faults.InjectMalformedLine();
        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").Build());

        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo", nodes: 4));
        var stats = Watcher(fakes, "tokyo")["nodes"].Stats;
        Assert.True(stats.Malformed + stats.Failures >= 1, "the bad line must have been noticed");
        Assert.Equal(0, stats.Relists);
    }

    [Fact]
    public async Task A_garbled_list_shows_what_came_back_keeps_the_last_data_and_recovers_when_lists_are_whole_again()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);

        // A 410 forces the relist; a proxy answers it with half a list and an HTML error page.
        fakes["tokyo"].Faults.GarbleLists = true;
        fakes["tokyo"].Faults.ExpireHistory();
        wall.AdvanceUntil(Step, () =>
        {
            var tokyo = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("ERROR", tokyo.Status);
            Assert.Equal("3 / 3 ready", tokyo.Headline);
            Assert.StartsWith("data from ", tokyo.Age, StringComparison.Ordinal);
            Assert.Matches(@"^the API server answered the \w+ list with something that is not Kubernetes JSON \('<' is an invalid start of a value at \$\.items\[0\]\.metadata\); is a proxy in front of it answering instead\? \(since 12:00 UTC\)$", tokyo.Fault);
            AssertOthersLive(wall);
        });

        fakes["tokyo"].Faults.GarbleLists = false;
        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").Build());
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo", nodes: 4));
    }

    private static ClusterWatcher Watcher(FleetOfFakes fakes, string cluster) => fakes.Watcher(cluster);
}
