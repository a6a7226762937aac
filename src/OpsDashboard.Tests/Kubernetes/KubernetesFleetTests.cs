using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Kubernetes;

/// <summary>Several clusters through the whole pipeline: fleet → nodes source → collector → store.</summary>
public sealed class KubernetesFleetTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private readonly List<FakeKubernetesApiServer> _fakes = [];
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var fake in _fakes)
        {
            await fake.DisposeAsync();
        }

        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task One_of_three_clusters_dead_leaves_the_other_two_live_and_it_recovers_when_back()
    {
        var clusters = new List<KubernetesClusterOptions>();
        foreach (var (name, nodes) in new[] { ("oregon-a", 3), ("oregon-b", 2), ("tokyo", 4) })
        {
            var fake = await FakeKubernetesApiServer.StartAsync();
            _fakes.Add(fake);
            for (var i = 0; i < nodes; i++)
            {
                fake.Upsert(new V1NodeBuilder($"{name}-node-{i}").Build());
            }

            clusters.Add(new KubernetesClusterOptions { Name = name, Context = name, Kubeconfig = fake.WriteKubeconfig(_dir.File($"{name}.kubeconfig"), name) });
        }

        await _fakes[2].StopAsync();
        var options = Options.Create(new KubernetesOptions { Clusters = clusters, WatchIdleTimeout = TimeSpan.FromSeconds(3), StaleAfter = TimeSpan.FromSeconds(30) });
        using var fleet = new KubernetesFleet(options, TimeProvider.System, NullLoggerFactory.Instance);
        var store = new PanelStore(TimeProvider.System);
        using var collector = new SourceCollector<ClusterNodes>(new KubernetesNodesSource(fleet, TimeProvider.System), store, TimeProvider.System, NullLogger<SourceCollector<ClusterNodes>>.Instance);
        await fleet.StartAsync(_timeout.Token);
        await collector.StartAsync(_timeout.Token);

        var view = await store.WaitForAsync(v => v[KubernetesHarness.NodesKey("oregon-a")]?.Snapshot is not null
            && v[KubernetesHarness.NodesKey("oregon-b")]?.Snapshot is not null
            && v[KubernetesHarness.NodesKey("tokyo")]?.Fault is not null, _timeout.Token);

        Assert.Equal("3 / 3 ready", view[KubernetesHarness.NodesKey("oregon-a")]!.Snapshot!.Headline);
        Assert.Equal("2 / 2 ready", view[KubernetesHarness.NodesKey("oregon-b")]!.Snapshot!.Headline);
        Assert.Null(view[KubernetesHarness.NodesKey("oregon-a")]!.Fault);
        var tokyo = view[KubernetesHarness.NodesKey("tokyo")]!;
        Assert.Null(tokyo.Snapshot);
        Assert.StartsWith("unreachable:", tokyo.Fault!.Message, StringComparison.Ordinal);

        await _fakes[2].RestartAsync();
        view = await store.WaitForAsync(v => v[KubernetesHarness.NodesKey("tokyo")] is { Fault: null, Snapshot: not null }, _timeout.Token);
        Assert.Equal("4 / 4 ready", view[KubernetesHarness.NodesKey("tokyo")]!.Snapshot!.Headline);

        await collector.StopAsync(CancellationToken.None);
        await fleet.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_cluster_that_dies_later_keeps_its_last_data_marked_as_failing()
    {
        var fake = await FakeKubernetesApiServer.StartAsync();
        _fakes.Add(fake);
        fake.Upsert(new V1NodeBuilder("node-0").Build());
        var options = Options.Create(new KubernetesOptions
        {
            Clusters = [new KubernetesClusterOptions { Name = "oregon-a", Context = "oregon-a", Kubeconfig = fake.WriteKubeconfig(_dir.File("a.kubeconfig"), "oregon-a") }],
            WatchIdleTimeout = TimeSpan.FromSeconds(3),
            StaleAfter = TimeSpan.FromSeconds(30),
        });
        using var fleet = new KubernetesFleet(options, TimeProvider.System, NullLoggerFactory.Instance);
        var store = new PanelStore(TimeProvider.System);
        using var collector = new SourceCollector<ClusterNodes>(new KubernetesNodesSource(fleet, TimeProvider.System), store, TimeProvider.System, NullLogger<SourceCollector<ClusterNodes>>.Instance);
        await fleet.StartAsync(_timeout.Token);
        await collector.StartAsync(_timeout.Token);
        await store.WaitForAsync(v => v[KubernetesHarness.NodesKey("oregon-a")]?.Snapshot is not null, _timeout.Token);

        await fake.StopAsync();
        var view = await store.WaitForAsync(v => v[KubernetesHarness.NodesKey("oregon-a")]?.Fault is not null, _timeout.Token);

        var entry = view[KubernetesHarness.NodesKey("oregon-a")]!;
        Assert.Equal("1 / 1 ready", entry.Snapshot!.Headline);
        Assert.Equal(TileCondition.Failing, entry.ConditionAt(TimeProvider.System.GetUtcNow()));
        await collector.StopAsync(CancellationToken.None);
        await fleet.StopAsync(CancellationToken.None);
    }
}
