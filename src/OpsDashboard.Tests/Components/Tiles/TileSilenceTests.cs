using Bunit;
using OpsDashboard.Components.Tiles;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Components.Tiles;

/// <summary>A tile under an active silence says who silenced it and until when; others, and it once the silence ends, do not.</summary>
public sealed class TileSilenceTests : IAsyncDisposable
{
    private readonly SilenceTestContext _ctx = SilenceTestContext.Create();

    public ValueTask DisposeAsync() => _ctx.DisposeAsync();

    [Fact]
    public async Task A_tile_matching_an_active_silence_shows_silenced_by_whom_until_when_and_stops_when_it_ends()
    {
        var book = _ctx.Silences;
        var start = DashboardTestContext.Start;
        Assert.True(await book.AddAsync(Silence.Create("cluster=tokyo", "kernel upgrade", start, start.AddHours(2).AddMinutes(30), "alice"), CancellationToken.None));
        var tokyo = new TileEntryBuilder().For(NodesPanel.Kind, "tokyo", "tokyo").TakenAt(start).Build();
        var osaka = new TileEntryBuilder().For(NodesPanel.Kind, "osaka", "osaka").TakenAt(start).Build();

        var silenced = _ctx.Render<Tile>(p => p.Add(t => t.Entry, tokyo).Add(t => t.Now, start.AddSeconds(5)));
        var other = _ctx.Render<Tile>(p => p.Add(t => t.Entry, osaka).Add(t => t.Now, start.AddSeconds(5)));

        Assert.Equal("silenced by alice until 14:30 UTC", silenced.Find("[data-silenced]").TextContent);
        Assert.Equal("kernel upgrade", silenced.Find("[data-silenced]").GetAttribute("title"));
        Assert.Empty(other.FindAll("[data-silenced]"));

        silenced.Render(p => p.Add(t => t.Entry, tokyo).Add(t => t.Now, start.AddHours(2).AddMinutes(30)));

        Assert.Empty(silenced.FindAll("[data-silenced]"));
    }

}
