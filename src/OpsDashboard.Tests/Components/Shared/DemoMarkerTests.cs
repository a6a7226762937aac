using Bunit;
using OpsDashboard.Components.Shared;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Components.Shared;

public sealed class DemoMarkerTests
{
    private static readonly SourceInfo Real = new(NodesPanel.Kind, "kubeconfig oregon-a", IsDemo: false, TimeSpan.FromMinutes(1));
    private static readonly SourceInfo Demo = new(CdnPanel.Kind, "demo fleet", IsDemo: true, TimeSpan.FromMinutes(5));

    [Fact]
    public void Shows_DEMO_DATA_while_any_demo_source_is_registered()
    {
        using var ctx = new DashboardTestContext(Real, Demo);

        var marker = ctx.Render<DemoMarker>();

        Assert.Contains("DEMO DATA", marker.Find("[data-demo-marker]").TextContent, StringComparison.Ordinal);
        Assert.Contains("CDN hit ratio", marker.Find("[data-demo-marker]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_nothing_when_every_source_is_real()
    {
        using var ctx = new DashboardTestContext(Real);

        var marker = ctx.Render<DemoMarker>();

        Assert.Empty(marker.FindAll("[data-demo-marker]"));
    }
}
