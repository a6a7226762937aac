using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// Three clusters as the app configures them (kubeconfig files, <see cref="KubernetesFleet"/>), each its own fake API
/// server with three ready nodes, and the nodes panel's real source collected onto a <see cref="FaultWall"/>.
/// </summary>
public sealed class FleetOfFakes : IAsyncDisposable
{
    public static readonly string[] Names = ["oregon-a", "frankfurt", "tokyo"];

    /// <summary>Data older than this is stale; watches that send nothing for <see cref="IdleTimeout"/> are reopened.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _dir = new();
    private readonly Dictionary<string, FakeKubernetesApiServer> _servers = [];

    private FleetOfFakes()
    {
    }

    public KubernetesFleet Fleet { get; private set; } = null!;

    public FakeKubernetesApiServer this[string cluster] => _servers[cluster];

    public static PanelKey Nodes(string cluster) => new(NodesPanel.Kind, cluster, cluster);

    /// <summary>Starts the fakes; <paramref name="before"/> may break one before the dashboard first connects.</summary>
    public static async Task<FleetOfFakes> StartAsync(FaultWall wall, Func<FleetOfFakes, Task>? before = null)
    {
        ArgumentNullException.ThrowIfNull(wall);
        var fakes = new FleetOfFakes();
        var clusters = new List<KubernetesClusterOptions>();
        foreach (var name in Names)
        {
            var server = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { BookmarkInterval = TimeSpan.FromMilliseconds(300) });
            fakes._servers[name] = server;
            for (var i = 0; i < 3; i++)
            {
                server.Upsert(new V1NodeBuilder($"{name}-node-{i}").Build());
                server.Upsert(new V1PodBuilder($"web-7d9c8f6b5-{i}", "mdn-prod").OnNode($"{name}-node-{i}").Build());
            }

            clusters.Add(new KubernetesClusterOptions { Name = name, Context = name, Kubeconfig = server.WriteKubeconfig(fakes._dir.File($"{name}.kubeconfig"), name) });
        }

        if (before is not null)
        {
            await before(fakes);
        }

        var options = new KubernetesOptions { Clusters = clusters, StaleAfter = StaleAfter, WatchIdleTimeout = IdleTimeout };
        fakes.Fleet = new KubernetesFleet(Options.Create(options), wall.Clock, NullLoggerFactory.Instance);
        await wall.RunAsync(fakes.Fleet);
        await wall.CollectAsync(new KubernetesNodesSource(fakes.Fleet, wall.Clock));
        return fakes;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }

        _dir.Dispose();
    }
}
