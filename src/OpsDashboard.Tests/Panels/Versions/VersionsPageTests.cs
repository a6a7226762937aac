using System.Collections.Frozen;
using Bunit;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Versions;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Versions;

public sealed class VersionsPageTests : DashboardTestContext
{
    [Fact]
    public void Apps_that_drift_come_first_with_the_sentence_and_the_drifted_cluster_marked_and_the_page_follows_the_store()
    {
        Publish("frankfurt", ("bedrock-prod", "bedrock-web", "mozorg/bedrock:2017-11-30"), ("sumo-prod", "kitsune", "mozmeao/kitsune:2017-11-28"));
        Publish("tokyo", ("bedrock-prod", "bedrock-web", "mozorg/bedrock:2017-12-04"));
        Publish("oregon-b", ("bedrock-prod", "bedrock-web", "mozorg/bedrock:2017-12-04"));

        var page = Render<VersionsPage>();

        page.WaitForAssertion(() => Assert.Equal(["bedrock-web", "kitsune"], page.FindAll("[data-app]").Select(r => r.GetAttribute("data-app"))));
        Assert.Equal("frankfurt still on bedrock:2017-11-30, the others on 2017-12-04", page.Find("[data-app='bedrock-web'] [data-drift]").TextContent);
        Assert.Contains("fact-warn", page.Find("[data-app='bedrock-web'] [data-cluster='frankfurt']").ClassName, StringComparison.Ordinal);
        Assert.DoesNotContain("fact-warn", page.Find("[data-app='bedrock-web'] [data-cluster='tokyo']").ClassName ?? "", StringComparison.Ordinal);

        Publish("frankfurt", ("bedrock-prod", "bedrock-web", "mozorg/bedrock:2017-12-04"), ("sumo-prod", "kitsune", "mozmeao/kitsune:2017-11-28"));
        AdvanceUntil(page, () => Assert.Empty(page.FindAll("[data-drift]")));
    }

    private void Publish(string cluster, params (string Namespace, string Workload, string Image)[] pods) =>
        Store.Publish(PodsPanel.Tile(cluster), new ClusterPods(cluster, [])
        {
            Pods =
            [
                .. pods.Select(p => new PodInfo(p.Namespace, $"{p.Workload}-7d9f8c6b5-abcde", "node-1", "Running", true, new WorkloadRef(WorkloadKind.Deployment, p.Workload),
                    "7d9f8c6b5", 0, null, null, null, Start, false, null, FrozenDictionary<string, string>.Empty)
                {
                    Images = [new ContainerImage(p.Workload, p.Image, "sha256:" + new string(p.Image[^1], 64))],
                }),
            ],
        }, Clock.GetUtcNow(), false, TimeSpan.FromMinutes(5));
}
