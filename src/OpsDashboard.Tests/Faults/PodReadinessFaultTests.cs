using OpsDashboard.Tests.Builders;
using static OpsDashboard.Tests.Faults.KubernetesTiles;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// A workload's pods crashing and coming back, on the rendered pods tile of three clusters' fake API servers: the tile
/// says what is true now, and what happened within the hour apart from it.
/// </summary>
public sealed class PodReadinessFaultTests
{
    [Fact]
    public async Task A_workload_ready_again_after_a_crash_is_not_counted_degraded_and_its_restart_is_said_apart_in_words_of_its_own()
    {
        await using var wall = new FaultWall();
        await using var fakes = await FleetOfFakes.StartAsync(wall, new FleetSettings { CollectPods = true });
        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(FleetOfFakes.Pods("tokyo"));
            Assert.Equal("OK", tile.Status);
            Assert.Equal("3 / 3 ready", tile.Headline);
            Assert.Equal(["0 of 1 workload not ready"], Facts(tile));
        });

        fakes["tokyo"].Upsert(new V1PodBuilder("web-7d9c8f6b5-1", "mdn-prod").OnNode("tokyo-node-1").CrashLooping(restarts: 1).Build());
        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(FleetOfFakes.Pods("tokyo"));
            Assert.Equal("CRITICAL", tile.Status);
            Assert.Equal("2 / 3 ready", tile.Headline);
            Assert.Equal(["1 of 1 workload not ready", "1 restart / 1 h"], Facts(tile));
        });

        // Running and ready again: not degraded any more, though its restart stays counted for the hour.
        fakes["tokyo"].Upsert(new V1PodBuilder("web-7d9c8f6b5-1", "mdn-prod").OnNode("tokyo-node-1").Restarted(1).Build());
        wall.AdvanceUntil(Step, () =>
        {
            var tile = wall.Tile(FleetOfFakes.Pods("tokyo"));
            Assert.Equal("OK", tile.Status);
            Assert.Equal("3 / 3 ready", tile.Headline);
            Assert.Equal(["0 of 1 workload not ready", "1 restarted in the last hour, ready now", "1 restart / 1 h"], Facts(tile));
            Assert.Equal("mdn-prod/web: 1 restart in the last hour, all ready now", tile.Why);
            Assert.Null(tile.Fault);
        });
    }

    private static string[] Facts(TileView tile) => [.. tile.Element.QuerySelectorAll(".tile-facts li").Select(li => li.TextContent.Trim())];
}
