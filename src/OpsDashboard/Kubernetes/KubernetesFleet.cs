using k8s;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// The configured clusters, each watched on its own: one unreachable cluster never holds up the others. Sources and
/// detail views read the cluster states; nothing else talks to the API servers.
/// </summary>
public sealed class KubernetesFleet : BackgroundService
{
    private readonly List<ClusterWatcher> _watchers = [];

    public KubernetesFleet(IOptions<KubernetesOptions> options, TimeProvider time, ILoggerFactory loggers)
        : this(options, time, loggers, static () => [])
    {
    }

    /// <summary>As above, with <paramref name="handlers"/> (made anew for each cluster's client) in every client's pipeline.</summary>
    internal KubernetesFleet(IOptions<KubernetesOptions> options, TimeProvider time, ILoggerFactory loggers, Func<DelegatingHandler[]> handlers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(handlers);
        foreach (var cluster in options.Value.Clusters)
        {
            var config = cluster.InCluster
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile(KubernetesOptionsValidator.KubeconfigPath(cluster), cluster.Context);
            _watchers.Add(ClusterWatcher.Connect(new ClusterState(cluster.DisplayName, time), config, options.Value.Reflector, time, loggers, handlers()));
        }

        StaleAfter = options.Value.StaleAfter;
    }

    public IReadOnlyList<ClusterState> Clusters => [.. _watchers.Select(w => w.State)];

    public IReadOnlyList<ClusterWatcher> Watchers => _watchers;

    public TimeSpan StaleAfter { get; }

    public ClusterState? Find(string cluster) => _watchers.FirstOrDefault(w => w.State.Name == cluster)?.State;

    public override void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_watchers.Select(w => Task.Run(() => w.RunAsync(stoppingToken), stoppingToken)));
}
