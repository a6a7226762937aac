using Bunit;
using OpsDashboard.Components.Pages;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Components.Pages;

public sealed class OverviewTests : DashboardTestContext
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    [Fact]
    public void Tiles_appear_and_update_when_the_store_changes_without_a_reload()
    {
        var key = new PanelKey(NodesPanel.Kind, "oregon-a", "oregon-a");
        var page = Render<Overview>();
        Assert.Empty(page.FindAll("[data-tile]"));

        Store.Publish(key, new ClusterNodesBuilder().Ready(3).Build(), Clock.GetUtcNow(), false, StaleAfter);
        AdvanceUntil(page, () => Assert.Equal("3 / 3 ready", page.Find("[data-tile] .tile-headline").TextContent));

        Store.Publish(key, new ClusterNodesBuilder().Ready(2).NotReady(1).Build(), Clock.GetUtcNow(), false, StaleAfter);
        AdvanceUntil(page, () => Assert.Equal("2 / 3 ready", page.Find("[data-tile] .tile-headline").TextContent));
    }

    [Fact]
    public void Groups_and_tiles_are_ordered_worst_first()
    {
        var now = Clock.GetUtcNow();
        Store.Publish(new PanelKey(NodesPanel.Kind, "frankfurt", "frankfurt"), new ClusterNodesBuilder("frankfurt").Ready(3).Build(), now, false, StaleAfter);
        Store.Publish(new PanelKey(NodesPanel.Kind, "tokyo", "tokyo"), new ClusterNodesBuilder("tokyo").Ready(3).Build(), now, false, StaleAfter);
        Store.Publish(new PanelKey(PodsPanel.Kind, "tokyo", "tokyo"), CrashLooping("tokyo"), now, false, StaleAfter);

        var page = Render<Overview>();

        var groups = page.FindAll("[data-group]").Select(g => g.GetAttribute("data-group")).ToList();
        Assert.Equal(["tokyo", "frankfurt"], groups);
        var tokyoTiles = page.FindAll("[data-group=tokyo] [data-tile]").Select(t => t.GetAttribute("data-status")).ToList();
        Assert.Equal(["CRITICAL", "OK"], tokyoTiles);
        Assert.Contains("1 critical", page.Find(".status-tally").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Ages_keep_counting_on_an_open_page_with_no_new_data()
    {
        Store.Publish(new PanelKey(NodesPanel.Kind, "tokyo", "tokyo"), new ClusterNodesBuilder("tokyo").Ready(3).Build(), Clock.GetUtcNow(), false, StaleAfter);
        var page = Render<Overview>();
        page.WaitForAssertion(() => Assert.Equal("just now", page.Find("[data-age]").TextContent.Replace("updated ", "", StringComparison.Ordinal)));

        for (var i = 0; i < 90; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
        }

        page.WaitForAssertion(() => Assert.Equal("STALE", page.Find("[data-tile]").GetAttribute("data-status")));
        page.WaitForAssertion(() => Assert.Equal("data from 1 min ago", page.Find("[data-age]").TextContent));
    }

    private static ClusterPods CrashLooping(string cluster) => new(cluster,
    [
        new WorkloadReadiness("mdn-prod", WorkloadKind.Deployment, "kumascript", 3, 4, 7, "CrashLoopBackOff", "OOMKilled", 0, null, TimeSpan.Zero, false),
    ]);
}
