using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Components.Pages;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Components.Pages;

public sealed class WallTests : DashboardTestContext
{
    public WallTests()
    {
        var now = Clock.GetUtcNow();
        foreach (var cluster in new[] { "frankfurt", "tokyo" })
        {
            Store.Publish(new PanelKey(NodesPanel.Kind, cluster, cluster), new ClusterNodesBuilder(cluster).Ready(3).Build(), now, false, TimeSpan.FromMinutes(5));
        }
    }

    [Fact]
    public void Without_rotation_the_wall_shows_every_tile_and_a_ticking_clock()
    {
        var wall = Render<Wall>();

        Assert.Equal("All clusters", wall.Find(".wall-title").TextContent);
        Assert.Equal(2, wall.FindAll("[data-tile]").Count);
        Assert.Equal("12:00:00 UTC", wall.Find("[data-heartbeat]").TextContent);

        Clock.Advance(TimeSpan.FromSeconds(1));
        wall.WaitForAssertion(() => Assert.Equal("12:00:01 UTC", wall.Find("[data-heartbeat]").TextContent));
    }

    [Fact]
    public void Rotation_cycles_through_all_clusters_then_each_cluster()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/wall?rotate=30s");
        var wall = Render<Wall>();
        Assert.Equal("All clusters", wall.Find(".wall-title").TextContent);

        AdvanceSeconds(30);
        wall.WaitForAssertion(() => Assert.Equal("frankfurt", wall.Find(".wall-title").TextContent));
        Assert.Equal(["Nodes/frankfurt/frankfurt"], wall.FindAll("[data-tile]").Select(t => t.GetAttribute("data-tile")));

        AdvanceSeconds(30);
        wall.WaitForAssertion(() => Assert.Equal("tokyo", wall.Find(".wall-title").TextContent));

        AdvanceSeconds(30);
        wall.WaitForAssertion(() => Assert.Equal("All clusters", wall.Find(".wall-title").TextContent));
    }

    [Fact]
    public void A_rotation_it_cannot_read_is_shown_on_the_wall_not_ignored()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/wall?rotate=soon");

        var wall = Render<Wall>();

        Assert.Contains("rotate=\"soon\" is not a period", wall.Find(".wall-error").TextContent, StringComparison.Ordinal);
        Assert.Equal(2, wall.FindAll("[data-tile]").Count);
    }

    private void AdvanceSeconds(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
