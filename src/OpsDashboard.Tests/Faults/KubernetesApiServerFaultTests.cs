using System.Globalization;
using System.Text.RegularExpressions;
using OpsDashboard.Tests.Builders;
using Xunit.Abstractions;
using static OpsDashboard.Tests.Faults.KubernetesTiles;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// API servers that fail the way production ones do, beyond a plain outage: one that takes connections and never
/// answers, one that answers 410 to every watch, routine watch ends after an outage, and a quiet but healthy one.
/// Seen, as in <see cref="KubernetesFaultTests"/>, on the rendered overview of three clusters, tokyo the failing one.
/// Where a step must take no time at all (reopening a watch, recovering once the server answers), the test awaits it
/// without moving the fake clock: had it needed a timer, it would never happen.
/// </summary>
public sealed partial class KubernetesApiServerFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task After_an_outage_a_watch_that_is_cut_or_ends_reopens_at_once_from_its_last_version_and_the_tile_never_turns_error()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);
        var tokyo = fakes.Watcher("tokyo");

        // A minute of refused connections grows the backoff, as an outage does.
        await fakes["tokyo"].StopAsync();
        var down = wall.Clock.GetUtcNow();
        wall.AdvanceUntil(Step, () => Assert.True(wall.Clock.GetUtcNow() - down >= TimeSpan.FromMinutes(1) && wall.Tile(FleetOfFakes.Nodes("tokyo")).Status == "ERROR"));
        Assert.True(tokyo["nodes"].Stats.LastDelay >= TimeSpan.FromSeconds(12.8), $"the backoff grew to {tokyo["nodes"].Stats.LastDelay}");
        await fakes["tokyo"].RestartAsync();
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo"));
        await WaitUntilStreamingAsync(tokyo);

        foreach (var end in new Action[] { fakes["tokyo"].Faults.CutWatches, fakes["tokyo"].Faults.EndWatches })
        {
            var opened = tokyo.AllStats.ToDictionary(s => s, s => s.WatchesOpened);
            var clock = wall.Clock.GetUtcNow();
            var (retries, failures) = (tokyo.AllStats.Sum(s => s.Retries), tokyo.AllStats.Sum(s => s.Failures));
            end();

            // Every watch is open again from where it was before the fake clock has moved at all: no backoff, no error.
            await WaitForEachReflectorAsync(tokyo, s => s.WatchesOpened > opened[s]);
            Assert.Equal(retries, tokyo.AllStats.Sum(s => s.Retries));
            Assert.Equal(failures, tokyo.AllStats.Sum(s => s.Failures));
            Assert.Null(tokyo.State.Fault);
            Assert.Equal(clock, wall.Clock.GetUtcNow());
            AssertLive(wall, "tokyo");
            await WaitUntilStreamingAsync(tokyo);
        }

        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").Build());
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo", nodes: 4));
        Assert.All(tokyo.AllStats, s => Assert.Equal(0, s.Relists));
    }

    [Fact]
    public async Task A_silent_api_server_reads_unreachable_no_answer_for_n_s_within_30_s_while_the_others_stay_live()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall, FleetSettings.Production);
        WaitUntilAllLive(wall);

        var silentSince = wall.Clock.GetUtcNow();
        fakes["tokyo"].Faults.Silent = true;
        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(FleetOfFakes.Nodes("tokyo"));
            Assert.Equal("ERROR", tile.Status);
            Assert.Equal("3 / 3 ready", tile.Headline);
            Assert.Matches(SilentFault(), tile.Fault);
            Assert.StartsWith("data from ", tile.Age, StringComparison.Ordinal);
            AssertOthersLive(wall);
        });

        var shownAfter = wall.Clock.GetUtcNow() - silentSince;
        var said = int.Parse(SilentFault().Match(wall.Tile(FleetOfFakes.Nodes("tokyo")).Fault!).Groups["seconds"].Value, CultureInfo.InvariantCulture);
        output.WriteLine($"silence shown {shownAfter.TotalSeconds} s after it began, saying \"no answer for {said} s\"");
        Assert.True(shownAfter <= TimeSpan.FromSeconds(30), $"the silence showed after {shownAfter} of the fake clock");
        Assert.InRange(said, 10, 30);
        var tokyo = fakes.Watcher("tokyo");
        Assert.Equal(1, tokyo.Contact.Silences);

        // The dead watches are reopened now, not left to their 3-minute idle timeout.
        using var timeout = new CancellationTokenSource(FaultWall.Within);
        await tokyo["nodes"].Stats.WaitForAsync(() => tokyo["nodes"].Stats.HungWatches >= 1, timeout.Token);
    }

    [Fact]
    public async Task A_silent_api_server_that_answers_again_has_live_tiles_within_10_s_without_waiting_out_the_idle_timeout()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall, FleetSettings.Production);
        WaitUntilAllLive(wall);
        var tokyo = fakes.Watcher("tokyo");
        fakes["tokyo"].Faults.Silent = true;
        wall.AdvanceUntil(Step, () => Assert.Matches(SilentFault(), wall.Tile(FleetOfFakes.Nodes("tokyo")).Fault));

        fakes["tokyo"].Faults.Silent = false;
        var answering = wall.Clock.GetUtcNow();

        // The first answer ends the outage; nothing waits for a timer: not the backoff, not the 3-minute idle timeout.
        await WaitForStateAsync(tokyo.State, s => s.Fault is null);
        var streaming = tokyo.AllStats.ToDictionary(s => s, s => s.Events);
        await WaitForEachReflectorAsync(tokyo, s => s.Events > streaming[s]);
        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").Build());
        wall.AdvanceUntil(Step, () => AssertLive(wall, "tokyo", nodes: 4));

        var liveAfter = wall.Clock.GetUtcNow() - answering;
        output.WriteLine($"live {liveAfter.TotalSeconds} s after the server answered again");
        Assert.True(liveAfter <= TimeSpan.FromSeconds(10), $"live again {liveAfter} after the server answered");
        Assert.Equal(1, tokyo.Contact.Recoveries);
        AssertOthersLive(wall);
    }

    [Fact]
    public async Task An_api_server_answering_410_after_every_relist_gets_a_few_lists_that_back_off_not_a_storm_and_the_tile_follows_them()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall);
        WaitUntilAllLive(wall);
        var tokyo = fakes.Watcher("tokyo");

        fakes["tokyo"].Faults.ExpireEveryWatch = true;
        fakes["tokyo"].Faults.ExpireHistory();
        var (listsBefore, since) = (fakes["tokyo"].Stats.ListsServed, wall.Clock.GetUtcNow());
        fakes["tokyo"].Upsert(new V1NodeBuilder("tokyo-node-3").NotReady().Build());
        wall.AdvanceUntil(Step, () => Assert.True(wall.Clock.GetUtcNow() - since >= TimeSpan.FromMinutes(2)));

        // 0.8 s doubling to 30 s, as client-go: 0.8 + 1.6 + ... + 25.6 = 50.4 s, then one every 30 s, is at most nine
        // relists of each watched resource in two minutes (one page each); the storm was hundreds a second.
        var lists = fakes["tokyo"].Stats.ListsServed - listsBefore;
        var resources = tokyo.State.Resources.Count;
        output.WriteLine($"{lists} lists in two minutes of 410s ({resources} resources), {tokyo["nodes"].Stats.Gone} 410s for nodes, last pause {tokyo["nodes"].Stats.LastDelay}");
        Assert.InRange(lists, resources, resources * 9);
        Assert.InRange(tokyo["nodes"].Stats.LastDelay, TimeSpan.FromSeconds(12.8), TimeSpan.FromSeconds(30));
        Assert.True(tokyo["nodes"].Stats.Gone >= 2, $"{tokyo["nodes"].Stats.Gone} 410s");

        // What each relist brings is shown: the node that went NotReady in between.
        var tile = wall.Tile(FleetOfFakes.Nodes("tokyo"));
        Assert.Equal("WARNING", tile.Status);
        Assert.Equal("3 / 4 ready", tile.Headline);
        Assert.Null(tile.Fault);
        AssertOthersLive(wall);
    }

    [Fact]
    public async Task A_quiet_api_server_that_sends_a_bookmark_a_minute_stays_live_and_is_asked_its_readyz_at_most_every_10_s()
    {
        await using var wall = new FaultWall();
        var settings = FleetSettings.Production with { BookmarkInterval = TimeSpan.FromMinutes(1), BookmarksOnWallClock = true };
        await using var fakes = await FleetOfFakes.StartAsync(wall, settings);
        WaitUntilAllLive(wall);
        var (probes, since) = (fakes["tokyo"].Stats.ProbesServed, wall.Clock.GetUtcNow());

        wall.AdvanceUntil(TimeSpan.FromSeconds(5), () => Assert.True(wall.Clock.GetUtcNow() - since >= TimeSpan.FromMinutes(5)));

        Assert.All(FleetOfFakes.Names, name => AssertLive(wall, name));
        var tokyo = fakes.Watcher("tokyo");
        Assert.Equal(0, tokyo.Contact.Silences);
        Assert.Equal(0, tokyo.AllStats.Sum(s => s.Failures));
        var asked = fakes["tokyo"].Stats.ProbesServed - probes;
        output.WriteLine($"{asked} /readyz probes in five quiet minutes");
        Assert.InRange(asked, 1, 5 * 6 + 1);
    }

    /// <summary>Waits until every reflector of the cluster has had an event or bookmark on its current watch (the fakes send one every 300 ms).</summary>
    private static async Task WaitUntilStreamingAsync(OpsDashboard.Kubernetes.ClusterWatcher watcher)
    {
        var events = watcher.AllStats.ToDictionary(s => s, s => s.Events);
        await WaitForEachReflectorAsync(watcher, s => s.Events > events[s]);
    }

    [GeneratedRegex(@"^unreachable: no answer for (?<seconds>\d+) s \(since \d\d:\d\d UTC\)$")]
    private static partial Regex SilentFault();
}
