using k8s.Models;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Kubernetes;

/// <summary>The list → watch loop against a fake API server that misbehaves in the ways real ones do.</summary>
public sealed class ClusterWatcherFaultTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static void Seed(Fakes.Kubernetes.FakeKubernetesApiServer fake)
    {
        foreach (var node in new[] { "node-0", "node-1", "node-2", "node-3" })
        {
            fake.Upsert(new V1NodeBuilder(node).Build());
        }

        for (var i = 0; i < 7; i++)
        {
            fake.Upsert(new V1PodBuilder($"web-7d9c8f6b5-{i}", "mdn-prod").OnNode($"node-{i % 4}").Build());
        }

        fake.Upsert(new V1PodBuilder("kumascript-7d9c8f6b5-a", "mdn-prod").CrashLooping().Build());
    }

    [Fact]
    public async Task It_lists_in_pages_then_follows_changes_through_the_watch()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "oregon-a", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.NodesSynced() && s.PodsSynced());

        Assert.Equal(4, k.State.NodesSnapshot(TimeProvider.System.GetUtcNow()).Nodes.Count);
        Assert.Equal(8, k.PodNames().Count);
        Assert.True(k.Watcher["pods"].Stats.Pages >= 3, $"8 pods at a page size of 3 take 3 pages; took {k.Watcher["pods"].Stats.Pages}");

        k.Fake.Upsert(new V1PodBuilder("web-7d9c8f6b5-new", "mdn-prod").Build());
        k.Fake.Delete<V1Pod>("mdn-prod", "web-7d9c8f6b5-0");
        await k.WaitUntilAsync(s => k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-new") && !k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-0"));

        var pods = k.State.PodsSnapshot(TimeProvider.System.GetUtcNow());
        Assert.Equal("CrashLoopBackOff", pods.Workloads.Single(w => w.Name == "kumascript").WaitingReason);
        Assert.Equal(0, k.Watcher["pods"].Stats.Relists);
    }

    [Fact]
    public async Task An_api_server_down_at_start_is_reported_unreachable_and_picked_up_when_it_comes_back()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "tokyo", Seed);
        await k.Fake.StopAsync();
        k.Start();

        await k.WaitUntilAsync(s => s.Fault is not null);
        Assert.StartsWith("unreachable:", k.State.Fault!.Value.Message, StringComparison.Ordinal);
        Assert.False(k.State.PodsSynced());

        await k.Fake.RestartAsync();
        await k.WaitUntilAsync(s => s.Fault is null && s.NodesSynced() && s.PodsSynced());
        Assert.Equal(8, k.PodNames().Count);
    }

    [Fact]
    public async Task A_watch_cut_mid_stream_resumes_from_the_last_version_without_a_relist()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "oregon-b", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.PodsSynced());
        await k.WaitForAllWatchesAsync();
        var opened = k.Watcher["pods"].Stats.WatchesOpened;

        k.Fake.Faults.CutWatches();
        k.Fake.Upsert(new V1PodBuilder("web-7d9c8f6b5-after-cut", "mdn-prod").Build());

        await k.WaitUntilAsync(s => k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-after-cut") && s.Fault is null);
        Assert.True(k.Watcher["pods"].Stats.WatchesOpened > opened);
        Assert.Equal(0, k.Watcher["pods"].Stats.Relists);
    }

    [Fact]
    public async Task A_410_during_the_watch_relists_and_the_new_watch_follows_changes()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "frankfurt", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.PodsSynced());
        await k.WaitForAllWatchesAsync();

        k.Fake.Faults.ExpireHistory();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await k.Fake.Stats.WaitForAsync(() => k.Watcher["pods"].Stats.Relists >= 1, timeout.Token);
        }

        k.Fake.Delete<V1Pod>("mdn-prod", "web-7d9c8f6b5-1");
        await k.WaitUntilAsync(_ => !k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-1"));

        Assert.True(k.Watcher["pods"].Stats.Gone >= 1);
        Assert.Equal(7, k.PodNames().Count);
    }

    [Fact]
    public async Task A_hung_watch_is_noticed_and_reopened()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "oregon-a", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.PodsSynced());
        await k.WaitForAllWatchesAsync();

        k.Fake.Faults.HangWatches = true;
        await k.Fake.Stats.WaitForAsync(() => k.Watcher["pods"].Stats.HungWatches >= 1, new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        k.Fake.Faults.HangWatches = false;
        k.Fake.Upsert(new V1PodBuilder("web-7d9c8f6b5-after-hang", "mdn-prod").Build());

        await k.WaitUntilAsync(_ => k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-after-hang"));
        Assert.Equal(0, k.Watcher["pods"].Stats.Relists);
    }

    [Fact]
    public async Task A_silent_api_server_is_told_from_a_quiet_one_and_its_dead_watches_reopen_when_it_answers_again()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "tokyo", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.PodsSynced() && s.NodesSynced());
        await k.WaitForAllWatchesAsync();

        k.Fake.Faults.Silent = true;
        await k.WaitUntilAsync(s => s.Fault?.Message.StartsWith("unreachable: no answer for ", StringComparison.Ordinal) == true);
        Assert.Equal(1, k.Watcher.Contact.Silences);

        k.Fake.Faults.Silent = false;
        k.Fake.Upsert(new V1PodBuilder("web-7d9c8f6b5-after-silence", "mdn-prod").Build());
        await k.WaitUntilAsync(s => s.Fault is null && k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-after-silence"));
        Assert.Equal(1, k.Watcher.Contact.Recoveries);
        Assert.True(k.Watcher["pods"].Stats.HungWatches >= 1, "the watch open when the server went silent is dead and must have been reopened");
        Assert.Equal(0, k.Watcher["pods"].Stats.Relists);
    }

    [Fact]
    public async Task An_api_server_answering_410_after_every_relist_is_relisted_after_a_growing_backoff_until_its_watches_work_again()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "frankfurt", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.PodsSynced());
        await k.WaitForAllWatchesAsync();

        k.Fake.Faults.ExpireEveryWatch = true;
        k.Fake.Faults.ExpireHistory();
        var stats = k.Watcher["pods"].Stats;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            await stats.WaitForAsync(() => stats.Gone >= 5, timeout.Token);
        }

        // 50 ms doubling (the harness's fast backoff): by the fifth 410 the pause is 400 ms or more, one list each.
        Assert.True(stats.LastDelay >= TimeSpan.FromMilliseconds(400), $"last pause {stats.LastDelay}");
        Assert.InRange(stats.Lists, stats.Gone - 1, stats.Gone + 1);

        k.Fake.Faults.ExpireEveryWatch = false;
        k.Fake.Delete<V1Pod>("mdn-prod", "web-7d9c8f6b5-2");
        await k.WaitUntilAsync(_ => !k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-2"));
        Assert.Null(k.State.Fault);
    }

    [Fact]
    public async Task A_malformed_line_restarts_the_watch_from_the_last_good_version()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "oregon-a", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.PodsSynced());
        await k.WaitForAllWatchesAsync();

        k.Fake.Faults.InjectMalformedLine();
        k.Fake.Upsert(new V1PodBuilder("web-7d9c8f6b5-after-garbage", "mdn-prod").Build());

        await k.WaitUntilAsync(_ => k.PodNames().Contains("mdn-prod/web-7d9c8f6b5-after-garbage"));
        Assert.Equal(0, k.Watcher["pods"].Stats.Relists);
        Assert.True(k.Watcher["pods"].Stats.Malformed + k.Watcher["pods"].Stats.Failures >= 1, "the bad line must have been noticed");
    }

    [Fact]
    public async Task Kubectl_lists_exactly_the_nodes_and_pods_the_dashboard_shows()
    {
        await using var k = await KubernetesHarness.CreateAsync(_dir, "oregon-a", Seed);
        k.Start();
        await k.WaitUntilAsync(s => s.NodesSynced() && s.PodsSynced());
        var kubectl = new Kubectl(k.Kubeconfig, _dir.File("kube-cache"));

        var pods = await kubectl.RunAsync(["get", "pods", "-A", "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}"], CancellationToken.None);
        var nodes = await kubectl.RunAsync(["get", "nodes", "-o", "name"], CancellationToken.None);

        Assert.Equal(0, pods.ExitCode);
        Assert.Equal(k.PodNames(), pods.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal(
            k.State.NodesSnapshot(TimeProvider.System.GetUtcNow()).Nodes.Select(n => $"node/{n.Name}"),
            nodes.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal(["mdn-prod/kumascript"], k.State.PodsSnapshot(TimeProvider.System.GetUtcNow()).Workloads.Where(w => w.WaitingReason is not null).Select(w => $"{w.Namespace}/{w.Name}"));
    }
}
