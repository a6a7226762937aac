using Bunit;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Nodes;

public sealed class NodesPageTests : DashboardTestContext
{
    [Fact]
    public void NotReady_nodes_come_first_and_a_failing_cluster_shows_its_last_data_marked()
    {
        var key = new PanelKey(NodesPanel.Kind, "tokyo", "tokyo");
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

    [Fact]
    public void A_node_shows_the_warning_events_about_it_its_kubectl_commands_and_links_to_its_timeline()
    {
        Store.Publish(new PanelKey(NodesPanel.Kind, "tokyo", "tokyo"), new ClusterNodesBuilder("tokyo").Ready(1).NotReady(1).Build(), Start, false, TimeSpan.FromMinutes(5));
        var nodeEvent = new WarningEvent("uid-n", "", "Node", "node-1", "NodeNotReady", "Node node-1 status is now: NodeNotReady", 1, Start.AddMinutes(-4), Start.AddMinutes(-4));
        var podEvent = new WarningEvent("uid-p", "bedrock-prod", "Pod", "bedrock-web-1", "Unhealthy", "Readiness probe failed", 3, Start, Start);
        Store.Publish(new PanelKey(PodsPanel.Kind, "tokyo", "tokyo"), new ClusterPods("tokyo", []) { Events = [nodeEvent, podEvent] }, Start, false, TimeSpan.FromMinutes(5));

        var page = Render<NodeDetailPage>(p => p.Add(x => x.Cluster, "tokyo").Add(x => x.Node, "node-1"));

        page.WaitForAssertion(() => Assert.Equal(["NodeNotReady"], page.FindAll("[data-event]").Select(e => e.GetAttribute("data-event"))));
        Assert.Contains("kubectl --context tokyo describe node node-1", page.Find(".kubectl").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("details.kubectl[open]"));
        Assert.Equal("timeline?cluster=tokyo&object=Node%2Fnode-1", page.Find("[data-timeline-link]").GetAttribute("href"));
    }
}
