using Bunit;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Pods;

public sealed class PodsPageTests : DashboardTestContext
{
    private static readonly PanelKey Key = new(PodsPanel.Kind, "oregon-a", "oregon-a");

    private void Publish(params PodInfo[] pods)
    {
        var inputs = new ClusterPodInputs(pods, pods.ToDictionary(p => (p.Namespace, p.Name)), new Dictionary<(string, WorkloadKind, string), WorkloadSpec>(), [], _ => 0, (e, _) => e.Count);
        Store.Publish(Key, PodReadinessAggregator.Aggregate("oregon-a", inputs, Start), Start, false, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Workloads_are_listed_worst_first_with_the_reason()
    {
        Publish(
            new PodBuilder("api-1").OwnedBy(WorkloadKind.Deployment, "api").Build(),
            new PodBuilder("kumascript-1").OwnedBy(WorkloadKind.Deployment, "kumascript").CrashLooping().Build(),
            new PodBuilder("web-1").NotReady().Build());

        var page = Render<PodsPage>(p => p.Add(x => x.Cluster, "oregon-a"));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-workload]").Count));
        var rows = page.FindAll("[data-workload]");
        Assert.Equal(["mdn-prod/kumascript", "mdn-prod/web", "mdn-prod/api"], rows.Select(r => r.GetAttribute("data-workload")));
        Assert.Contains("row-bad", rows[0].ClassList);
        Assert.Equal("CrashLoopBackOff (last exit: OOMKilled)", rows[0].QuerySelector(".why-cell")!.TextContent);
        Assert.Equal("CRITICAL", page.Find(".data-status").GetAttribute("data-status"));
    }

    [Fact]
    public void Only_degraded_hides_healthy_workloads()
    {
        Publish(new PodBuilder("api-1").OwnedBy(WorkloadKind.Deployment, "api").Build(), new PodBuilder("web-1").NotReady().Build());
        var page = Render<PodsPage>(p => p.Add(x => x.Cluster, "oregon-a"));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-workload]").Count));

        page.Find("input[type=checkbox]").Change(true);

        page.WaitForAssertion(() => Assert.Equal(["mdn-prod/web"], page.FindAll("[data-workload]").Select(r => r.GetAttribute("data-workload"))));
    }

    [Fact]
    public void Without_data_the_page_says_so()
    {
        var page = Render<PodsPage>(p => p.Add(x => x.Cluster, "tokyo"));

        Assert.Equal("No data from this cluster yet.", page.Find(".data-status").TextContent.Trim());
    }
}
