using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
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
    private readonly RequestsInFlight _inFlight = new();

    private FleetOfFakes()
    {
    }

    public KubernetesFleet Fleet { get; private set; } = null!;

    public FakeKubernetesApiServer this[string cluster] => _servers[cluster];

    public static PanelKey Nodes(string cluster) => new(NodesPanel.Kind, cluster, cluster);

    public static PanelKey Pods(string cluster) => new(PodsPanel.Kind, cluster, cluster);

    /// <summary>The watcher of one cluster: its reflectors' figures and its API server's contact.</summary>
    public ClusterWatcher Watcher(string cluster) => Fleet.Watchers.Single(w => w.State.Name == cluster);

    /// <summary>Starts the fakes; <paramref name="before"/> may break one before the dashboard first connects.</summary>
    public static Task<FleetOfFakes> StartAsync(FaultWall wall, Func<FleetOfFakes, Task>? before = null) => StartAsync(wall, new FleetSettings(), before);

    /// <summary>As above, with the dashboard's settings, the fakes' behaviour and the panels collected chosen.</summary>
    public static async Task<FleetOfFakes> StartAsync(FaultWall wall, FleetSettings settings, Func<FleetOfFakes, Task>? before = null)
    {
        ArgumentNullException.ThrowIfNull(wall);
        ArgumentNullException.ThrowIfNull(settings);
        var fakes = new FleetOfFakes();
        var clusters = new List<KubernetesClusterOptions>();
        foreach (var name in Names)
        {
            var server = await FakeKubernetesApiServer.StartAsync(settings.Fake(wall.Clock));
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

        var options = new KubernetesOptions { Clusters = clusters, StaleAfter = settings.StaleAfter, WatchIdleTimeout = settings.IdleTimeout };
        fakes.Fleet = new KubernetesFleet(Options.Create(options), wall.Clock, NullLoggerFactory.Instance, () => [fakes._inFlight.Handler()]);
        wall.HoldClockWhile(() => !fakes.Settled);
        await wall.RunAsync(fakes.Fleet);
        await wall.CollectAsync(new KubernetesNodesSource(fakes.Fleet, wall.Clock));
        if (settings.CollectPods)
        {
            await wall.CollectAsync(new KubernetesPodReadinessSource(fakes.Fleet, wall.Clock));
        }

        return fakes;
    }

    /// <summary>
    /// Every request the dashboard is waiting on is one a fake holds on purpose (a list delay, a silent server): none is
    /// still on its way to a fake or back. The fakes' own counts move after the client's, so this errs on waiting.
    /// </summary>
    public bool Settled => _inFlight.Waiting <= _servers.Values.Sum(s => s.Stats.HeldLists + s.Stats.SilencedRequests);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }

        _dir.Dispose();
    }
}

/// <summary>
/// How a <see cref="FleetOfFakes"/> runs. By default: short stale and idle limits so faults show in a minute, fakes that
/// send a bookmark every 300 ms of real time, and only the nodes panel collected.
/// </summary>
public sealed record FleetSettings
{
    /// <summary>The app's own defaults (stale after 5 min, watches idle for 3 min), for faults that those limits hid.</summary>
    public static FleetSettings Production => new() { StaleAfter = TimeSpan.FromMinutes(5), IdleTimeout = TimeSpan.FromMinutes(3) };

    public TimeSpan StaleAfter { get; init; } = FleetOfFakes.StaleAfter;

    public TimeSpan IdleTimeout { get; init; } = FleetOfFakes.IdleTimeout;

    /// <summary>How often the fakes send bookmarks; with <see cref="BookmarksOnWallClock"/>, on the wall's fake clock.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    public bool BookmarksOnWallClock { get; init; }

    /// <summary>Also collect the pods panel (its tiles join the overview).</summary>
    public bool CollectPods { get; init; }

    internal FakeKubernetesOptions Fake(TimeProvider wallClock) => new()
    {
        BookmarkInterval = BookmarkInterval,
        TimeProvider = BookmarksOnWallClock ? wallClock : TimeProvider.System,
    };
}
