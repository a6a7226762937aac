using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Demo;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;

namespace OpsDashboard.Tests.Demo;

/// <summary>The demo fleet must show what the issue promises, or the demo teaches nothing.</summary>
public sealed class DemoFleetTests
{
    private static readonly DemoFleet Fleet = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)), Options.Create(new DemoOptions()));

    private static IEnumerable<DateTimeOffset> Every(TimeSpan step, TimeSpan span)
    {
        for (var t = TimeSpan.Zero; t <= span; t += step)
        {
            yield return Fleet.Epoch + t;
        }
    }

    private static DemoCluster Cluster(string name) => DemoFleet.Clusters.Single(c => c.Name == name);

    private const string PinnedOnSick = "aws-node-7c3c7,bedrock-web-6338a10524-5fc91,bedrock-web-6338a10524-a9610,kube-proxy-35d00";

    [Fact]
    public void The_same_moment_places_the_same_pods_on_the_same_nodes_in_every_run()
    {
        // oregon-b's node goes NotReady in the first two minutes of the script; which pods it takes down decides
        // whether the pods tile is WARNING or CRITICAL, so it must not change with the process's string hash seed.
        var pods = DemoPodReadinessSource.Simulate(Fleet, Cluster("oregon-b"), Fleet.Epoch + TimeSpan.FromSeconds(30));
        var sick = DemoNodesSource.Simulate(Fleet, Cluster("oregon-b"), Fleet.Epoch + TimeSpan.FromSeconds(30)).Nodes.Single(n => n.Readiness != NodeReadiness.Ready).Name;

        var onSick = string.Join(",", pods.Pods.Where(p => p.NodeName == sick).Select(p => p.Name).Order(StringComparer.Ordinal));

        Assert.True(onSick == PinnedOnSick, onSick);
    }

    [Fact]
    public void Mdn_web_scales_between_6_and_20_pods()
    {
        var desired = Every(TimeSpan.FromSeconds(30), TimeSpan.FromHours(1))
            .Select(t => DemoPodReadinessSource.Simulate(Fleet, Cluster("oregon-a"), t).Workloads.Single(w => w.Name == "web").Desired)
            .ToList();

        Assert.Equal(6, desired.Min());
        Assert.Equal(20, desired.Max());
    }

    [Fact]
    public void Mdn_web_pods_fail_probes_and_restart_now_and_then_and_say_why()
    {
        var web = Every(TimeSpan.FromSeconds(30), TimeSpan.FromHours(2))
            .Select(t => DemoPodReadinessSource.Simulate(Fleet, Cluster("oregon-a"), t).Workloads.Single(w => w.Name == "web"))
            .ToList();

        Assert.Contains(web, w => w.ProbeFailures > 0 && w.Why!.Contains("readiness probe failed", StringComparison.Ordinal));
        Assert.Contains(web, w => w.ProbeFailures > 0 && w.Why!.Contains("liveness probe failed", StringComparison.Ordinal));
        Assert.Contains(web, w => w.RestartsLastHour > 0);
        Assert.Contains(web, w => !w.IsDegraded);
    }

    [Fact]
    public void A_node_goes_NotReady_now_and_then_and_comes_back()
    {
        var states = Every(TimeSpan.FromMinutes(1), TimeSpan.FromHours(2))
            .Select(t => DemoFleet.Clusters.Sum(c => DemoNodesSource.Simulate(Fleet, c, t).NotReady))
            .ToList();

        Assert.Contains(states, n => n > 0);
        Assert.True(states.Count(n => n == 0) > states.Count / 2, "NotReady nodes should be the exception");
    }

    [Fact]
    public void One_bedrock_pod_goes_stale_past_ten_minutes_and_recovers()
    {
        var tokyo = Every(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(35))
            .Select(t => DemoFreshnessSource.Simulate(Fleet, Cluster("tokyo"), t))
            .ToList();

        var firstStale = tokyo.FindIndex(f => f.StaleCount > 0);
        Assert.True(firstStale > 0, "a pod must go stale");
        Assert.True(tokyo[firstStale].OldestDb > TimeSpan.FromMinutes(10));
        Assert.Contains(tokyo.Skip(firstStale), f => f.StaleCount == 0);
        Assert.All(tokyo, f => Assert.Equal(6, f.Pods.Count));
        Assert.All(tokyo.Take(10), f => Assert.True(f.OldestDb <= TimeSpan.FromMinutes(6), "at rest, DBs are at most one refresh old"));
    }

    [Fact]
    public void Frankfurts_publisher_stops_now_and_then_while_its_pods_stay_fresh()
    {
        var frankfurt = Every(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1))
            .Select(t => DemoFreshnessSource.Simulate(Fleet, Cluster("frankfurt"), t))
            .ToList();

        Assert.Contains(frankfurt, f => f.PublisherStalled && f.StaleCount == 0);
        Assert.Contains(frankfurt, f => !f.PublisherStalled);
        Assert.Contains(frankfurt, f => f.PublisherStalled && f.Why!.StartsWith("publisher: no new DB for", StringComparison.Ordinal));
        Assert.DoesNotContain(Every(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)), t => DemoFreshnessSource.Simulate(Fleet, Cluster("tokyo"), t).PublisherStalled);
    }

    [Fact]
    public void The_import_moves_forward_stalls_once_finishes_and_starts_over()
    {
        var progress = Every(TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(50))
            .Select(t => DemoImportProgressSource.Simulate(Fleet, t))
            .ToList();

        var finished = progress.FindIndex(p => p.Finished);
        Assert.True(finished > 0, "the demo import must finish within 50 minutes");
        for (var i = 1; i < finished; i++)
        {
            Assert.True(progress[i].Percent >= progress[i - 1].Percent, $"percent went backwards at sample {i}");
        }

        Assert.Contains(progress.Take(finished), p => p.Stalled);
        Assert.Equal("db.t2.small", progress[0].InstanceClass);
        Assert.Contains(progress.Skip(finished), p => !p.Finished && p.Percent < 5);
    }

    [Fact]
    public void The_cdn_serves_about_98_percent_of_bytes()
    {
        var ratios = Every(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)).Select(t => DemoCdnSource.Simulate(Fleet, t)).ToList();

        Assert.InRange(ratios.Average(r => r.HitRatio!.Value), 0.97, 0.99);
        Assert.Contains(ratios, r => r.HitRatio < DemoCdnSource.WarnBelow);
    }

    [Fact]
    public void Tokyo_is_unreachable_for_a_while_every_hour()
    {
        var outages = Every(TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)).Select(t => Fleet.ApiOutage("tokyo", t)).ToList();

        Assert.Equal(3, outages.Count(o => o is not null));
        Assert.All(DemoFleet.Clusters.Where(c => c.Name != "tokyo"), c => Assert.Null(Fleet.ApiOutage(c.Name, Fleet.Epoch.AddMinutes(41))));
    }
}
