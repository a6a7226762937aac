using Microsoft.Extensions.Logging.Abstractions;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.TestSupport;
using k8s;

namespace OpsDashboard.Tests.Kubernetes;

/// <summary>Our cluster watcher against a fake API server, with short timeouts so faults show within seconds.</summary>
public sealed class KubernetesHarness : IAsyncDisposable
{
    public static readonly ReflectorOptions FastOptions = new()
    {
        PageSize = 3,
        MinWatchTimeout = TimeSpan.FromSeconds(30),
        IdleTimeout = TimeSpan.FromSeconds(2),
        ResponseTimeout = TimeSpan.FromSeconds(1),
        ProbeAfter = TimeSpan.FromSeconds(1),
        ProbeTimeout = TimeSpan.FromMilliseconds(500),
        ProbeInterval = TimeSpan.FromMilliseconds(200),
        InitialBackoff = TimeSpan.FromMilliseconds(50),
        MaxBackoff = TimeSpan.FromMilliseconds(500),
    };

    private readonly CancellationTokenSource _stop = new();
    private Task _run = Task.CompletedTask;

    private KubernetesHarness(FakeKubernetesApiServer fake, string kubeconfig, ClusterWatcher watcher)
    {
        Fake = fake;
        Kubeconfig = kubeconfig;
        Watcher = watcher;
    }

    public FakeKubernetesApiServer Fake { get; }

    public string Kubeconfig { get; }

    public ClusterWatcher Watcher { get; }

    public ClusterState State => Watcher.State;

    public static async Task<KubernetesHarness> CreateAsync(TempDirectory dir, string cluster, Action<FakeKubernetesApiServer>? seed = null)
    {
        ArgumentNullException.ThrowIfNull(dir);
        var fake = await FakeKubernetesApiServer.StartAsync(new FakeKubernetesOptions { BookmarkInterval = TimeSpan.FromMilliseconds(500) });
        seed?.Invoke(fake);
        var kubeconfig = fake.WriteKubeconfig(dir.File($"{cluster}.kubeconfig"), cluster);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig, cluster);
        var watcher = ClusterWatcher.Connect(new ClusterState(cluster, TimeProvider.System), config, FastOptions, TimeProvider.System, NullLoggerFactory.Instance);
        return new KubernetesHarness(fake, kubeconfig, watcher);
    }

    public void Start() => _run = Task.Run(() => Watcher.RunAsync(_stop.Token));

    /// <summary>Awaits the state's change signal until the condition holds; fails after <paramref name="within"/>.</summary>
    public async Task WaitUntilAsync(Func<ClusterState, bool> condition, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            // The version is read before the condition: a change between the two then ends the wait at once, where
            // reading it after would wait for a change beyond the one that made the condition true.
            var version = State.Version;
            if (condition(State))
            {
                return;
            }

            try
            {
                await State.WaitForChangeAsync(version, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{State.Name}: condition not met; fault: {State.Fault?.Message ?? "none"}; pods: {State.FindPods(_ => true).Count}");
            }
        }
    }

    /// <summary>Waits until every reflector (one per resource the panels watch) has its watch open on the fake.</summary>
    public async Task WaitForAllWatchesAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Fake.Stats.WaitForOpenWatchesAsync(State.Resources.Count, timeout.Token);
    }

    public IReadOnlyList<string> PodNames() => [.. State.FindPods(_ => true).Select(p => $"{p.Namespace}/{p.Name}").Order(StringComparer.Ordinal)];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Watcher.Dispose();
        await Fake.DisposeAsync();
        _stop.Dispose();
    }

    public static PanelKey NodesKey(string cluster) => new(NodesPanel.Kind, cluster, cluster);
}
