using Bunit;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Components.Shared;
using OpsDashboard.History;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Components.Shared;

public sealed class HistoryBannerTests : DashboardTestContext
{
    [Fact]
    public void Says_nothing_while_history_is_recorded()
    {
        Assert.Empty(Render<HistoryBanner>().FindAll("[role=alert]"));
    }

    [Fact]
    public void Shows_why_history_is_not_recorded()
    {
        Services.GetRequiredService<HistoryHealth>().Failed("History database /data/h.db is locked by another process.", Start);

        var banner = Render<HistoryBanner>();

        Assert.Equal("History is not being recorded: History database /data/h.db is locked by another process.", banner.Find("[role=alert]").TextContent.Trim());
    }
}
