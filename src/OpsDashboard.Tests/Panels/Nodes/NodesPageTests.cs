using Bunit;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Nodes;

public sealed class NodesPageTests : DashboardTestContext
{
    [Fact]
    public void NotReady_nodes_come_first_and_a_failing_cluster_shows_its_last_data_marked()
    {
        var key = new PanelKey(PanelKind.Nodes, "tokyo", "tokyo");
        Store.Publish(key, new ClusterNodesBuilder("tokyo").Ready(2).NotReady(1).Build(), Start, false, TimeSpan.FromMinutes(5));
        Clock.Advance(TimeSpan.FromMinutes(2));
        Store.ReportFault(key, "unreachable: dial tcp 10.3.0.10:443: i/o timeout", false, TimeSpan.FromMinutes(5));

        var page = Render<NodesPage>(p => p.Add(x => x.Cluster, "tokyo"));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-node]").Count));
        Assert.Equal("node-2", page.FindAll("[data-node]")[0].GetAttribute("data-node"));
        Assert.Equal("ERROR", page.Find(".data-status").GetAttribute("data-status"));
        Assert.Contains("unreachable: dial tcp 10.3.0.10:443: i/o timeout (since 12:02 UTC)", page.Find(".data-status").TextContent, StringComparison.Ordinal);
        Assert.Contains("data from 2 min ago", page.Find(".data-status").TextContent, StringComparison.Ordinal);
    }
}
