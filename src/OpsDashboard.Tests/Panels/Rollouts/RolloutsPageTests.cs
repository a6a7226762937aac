using Bunit;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Rollouts;

public sealed class RolloutsPageTests : DashboardTestContext
{
    [Fact]
    public void The_cluster_page_lists_the_stalled_rollout_first_and_its_page_gives_kubectl_verdict_images_and_commands()
    {
        var pool = new StringPool();
        var stalled = RolloutProjection.From(new V1DeploymentBuilder("bedrock-web", "bedrock-prod").Replicas(10).RollingOut(updated: 3, available: 8, total: 11).DeadlineExceeded().Image("demo.invalid/mozmeao/bedrock:def5678", 9).Build(), pool);
        var rolling = RolloutProjection.From(RolloutStatusTests.DaemonSet("updating"), pool);
        var snapshot = RolloutAggregator.Aggregate("frankfurt", [rolling, stalled], new Dictionary<(string, WorkloadKind, string), FailingPods>
        {
            [("bedrock-prod", WorkloadKind.Deployment, "bedrock-web")] = new(3, "ImagePullBackOff"),
        }, _ => null, Start, _ => ["demo.invalid/mozmeao/bedrock:abc1234"]);
        Store.Publish(RolloutsPanel.Tile("frankfurt"), snapshot, Start, false, TimeSpan.FromMinutes(5));

        var list = Render<RolloutsPage>(p => p.Add(x => x.Cluster, "frankfurt"));

        list.WaitForAssertion(() => Assert.Equal(["bedrock-prod/Deployment/bedrock-web", "kube-system/DaemonSet/fluentd"], list.FindAll("[data-rollout]").Select(r => r.GetAttribute("data-rollout"))));
        Assert.Contains("abc1234 → def5678", list.Find("[data-rollout]").TextContent, StringComparison.Ordinal);

        var page = Render<RolloutPage>(p => p.Add(x => x.Cluster, "frankfurt").Add(x => x.Namespace, "bedrock-prod").Add(x => x.Kind, "Deployment").Add(x => x.Name, "bedrock-web"));

        page.WaitForAssertion(() => Assert.Contains("deployment \"bedrock-web\" exceeded its progress deadline", page.Find("[data-verdict]").TextContent, StringComparison.Ordinal));
        Assert.Equal("progress deadline exceeded; ImagePullBackOff on 3 new pods", page.Find("[data-why]").TextContent);
        Assert.Equal(["demo.invalid/mozmeao/bedrock:def5678"], page.FindAll("[data-image]").Select(i => i.GetAttribute("data-image")));
        Assert.Contains("kubectl --context frankfurt -n bedrock-prod rollout undo deployment/bedrock-web", page.Find(".kubectl").TextContent, StringComparison.Ordinal);
    }
}
