using Bunit;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Scaling;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Scaling;

public sealed class ScalingPageTests : DashboardTestContext
{
    [Fact]
    public void Hpas_held_at_max_or_unable_to_scale_come_first_with_their_metrics_conditions_and_time_at_max()
    {
        var pool = new StringPool();
        var web = AutoscalerProjection.From(new V2HorizontalPodAutoscalerBuilder("web", "mdn-prod").Between(6, 20).Cpu(92, 70).Replicas(20, lastScale: Start.AddMinutes(-14).UtcDateTime).AtMax().Build(), pool);
        var api = AutoscalerProjection.From(new V2HorizontalPodAutoscalerBuilder("api", "mdn-prod").Between(2, 5).Cpu(null, 80).Replicas(2).MetricsUnavailable().Build(), pool);
        var bedrock = AutoscalerProjection.From(new V2HorizontalPodAutoscalerBuilder("bedrock-web", "bedrock-prod").Between(4, 12).Cpu(47, 75).Replicas(5, desired: 6).Build(), pool);
        var snapshot = new ClusterScaling("oregon-b", [bedrock, api, web with { AtMaxSince = web.LastScaleTime }], Start, TimeSpan.FromMinutes(10));
        Store.Publish(ScalingPanel.Tile("oregon-b"), snapshot, Start, false, TimeSpan.FromMinutes(5));

        var page = Render<ScalingPage>(p => p.Add(x => x.Cluster, "oregon-b"));

        page.WaitForAssertion(() => Assert.Equal(["mdn-prod/api", "mdn-prod/web", "bedrock-prod/bedrock-web"], page.FindAll("[data-hpa]").Select(r => r.GetAttribute("data-hpa"))));
        var rows = page.FindAll("[data-hpa]");
        Assert.All(rows.Take(2), r => Assert.Contains("row-warn", r.ClassName, StringComparison.Ordinal));
        Assert.DoesNotContain("row-warn", rows[2].ClassName ?? "", StringComparison.Ordinal);
        Assert.Contains("20 at max for 14 min", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("cpu 92%/70%", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("ScalingActive=False FailedGetResourceMetric", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("cpu <unknown>/80%", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("5 → 6", rows[2].TextContent, StringComparison.Ordinal);
    }
}
