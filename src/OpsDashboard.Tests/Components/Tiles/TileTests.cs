using Bunit;
using OpsDashboard.Components.Tiles;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Components.Tiles;

public sealed class TileTests : DashboardTestContext
{
    [Fact]
    public void Fresh_data_shows_its_status_in_words_and_its_age()
    {
        var entry = new TileEntryBuilder().With(new ClusterNodesBuilder().Ready(3).Build()).TakenAt(Start).Build();
        Clock.Advance(TimeSpan.FromSeconds(12));

        var tile = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Clock.GetUtcNow()));

        Assert.Equal("OK", tile.Find("[data-tile]").GetAttribute("data-status"));
        Assert.Contains("tile-ok", tile.Find("[data-tile]").ClassList);
        Assert.Equal("OK", tile.Find(".tile-status-label").TextContent);
        Assert.Equal("updated 12 s ago", tile.Find("[data-age]").TextContent);
        Assert.Equal("3 / 3 ready", tile.Find(".tile-headline").TextContent);
        Assert.Empty(tile.FindAll(".tile-fault"));
    }

    [Fact]
    public void Data_past_the_threshold_is_marked_stale_and_says_how_old_it_is()
    {
        var entry = new TileEntryBuilder().TakenAt(Start).StaleAfter(TimeSpan.FromSeconds(60)).Build();
        Clock.Advance(TimeSpan.FromMinutes(3));

        var tile = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Clock.GetUtcNow()));

        Assert.Equal("STALE", tile.Find(".tile-status-label").TextContent);
        Assert.Contains("tile-stale", tile.Find("[data-tile]").ClassList);
        Assert.Equal("data from 3 min ago", tile.Find("[data-age]").TextContent);
        Assert.Equal("stale: no update for 3 min (limit 1 min)", tile.Find(".tile-fault").TextContent);
        Assert.Equal("3 / 3 ready", tile.Find(".tile-headline").TextContent);
    }

    [Fact]
    public void A_failing_source_shows_the_error_since_when_and_keeps_the_last_data()
    {
        var entry = new TileEntryBuilder().TakenAt(Start).Failing("unreachable: dial tcp 10.3.0.10:443: i/o timeout", Start.AddMinutes(2)).Build();
        Clock.Advance(TimeSpan.FromMinutes(5));

        var tile = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Clock.GetUtcNow()));

        Assert.Equal("ERROR", tile.Find(".tile-status-label").TextContent);
        Assert.Contains("tile-error", tile.Find("[data-tile]").ClassList);
        Assert.Equal("unreachable: dial tcp 10.3.0.10:443: i/o timeout (since 12:02 UTC)", tile.Find(".tile-fault").TextContent);
        Assert.Equal("3 / 3 ready", tile.Find(".tile-headline").TextContent);
        Assert.Equal("data from 5 min ago", tile.Find("[data-age]").TextContent);
    }

    [Fact]
    public void A_failing_source_with_no_data_yet_says_so()
    {
        var entry = new TileEntryBuilder().NoData().Failing("401 Unauthorized: token expired", Start).Build();

        var tile = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Start));

        Assert.Equal("ERROR", tile.Find(".tile-status-label").TextContent);
        Assert.Equal("no data", tile.Find(".tile-headline").TextContent);
        Assert.Equal("no data yet", tile.Find("[data-age]").TextContent);
    }

    [Fact]
    public void The_age_advances_with_the_clock_without_new_data()
    {
        var entry = new TileEntryBuilder().TakenAt(Start).Build();
        var tile = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Start.AddSeconds(5)));
        Assert.Equal("updated 5 s ago", tile.Find("[data-age]").TextContent);

        tile.Render(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Start.AddSeconds(61)));

        Assert.Equal("data from 1 min ago", tile.Find("[data-age]").TextContent);
        Assert.Equal("STALE", tile.Find(".tile-status-label").TextContent);
    }

    [Fact]
    public void Unhealthy_data_says_why()
    {
        var entry = new TileEntryBuilder().With(new ClusterNodesBuilder().Ready(2).NotReady(1).Build()).TakenAt(Start).Build();

        var tile = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Start));

        Assert.Equal("WARNING", tile.Find(".tile-status-label").TextContent);
        Assert.Equal("node-2 NotReady for 4 min (KubeletNotReady)", tile.Find(".tile-why").TextContent);
    }

    [Fact]
    public void A_tile_links_to_its_last_hour_on_the_timeline_except_on_the_wall()
    {
        var entry = new TileEntryBuilder().For(FreshnessPanel.Kind, "tokyo", "bedrock").TakenAt(Start).Build();

        var tile = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Start));
        var wall = Render<Tile>(p => p.Add(t => t.Entry, entry).Add(t => t.Now, Start).Add(t => t.Wall, true));

        Assert.Equal("timeline?cluster=tokyo&panel=freshness", tile.Find("[data-tile-timeline]").GetAttribute("href"));
        Assert.Empty(wall.FindAll("[data-tile-timeline]"));
    }
}
