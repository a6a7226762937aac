using k8s;
using k8s.Models;

namespace OpsDashboard.Kubernetes;

/// <summary>Runs the reflectors of one cluster (nodes, pods, warning events, workloads) into its <see cref="ClusterState"/>.</summary>
public sealed class ClusterWatcher : IDisposable
{
    private readonly IKubernetes _client;

    public ClusterWatcher(ClusterState state, IKubernetes client, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers)
        : this(state, client, options, time, loggers, pods => pods)
    {
    }

    /// <summary>As above, with the pods sink wrapped: the benchmark times how soon a change reaches the state this way.</summary>
    internal ClusterWatcher(ClusterState state, IKubernetes client, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers, Func<IReflectorSink<V1Pod>, IReflectorSink<V1Pod>> wrapPods)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggers);
        State = state;
        _client = client;
        var random = new Random();
        Reflector<TObj> Make<TObj>(ResourceApi<TObj> api, IReflectorSink<TObj> sink)
            where TObj : IKubernetesObject<V1ObjectMeta> =>
            new(state.Name, api, sink, options, time, random, loggers.CreateLogger($"OpsDashboard.Kubernetes.Reflector.{api.Resource}"));

        Nodes = Make(ResourceApi<V1Node>.Create<V1NodeList>("nodes",
            (limit, token, ct) => client.CoreV1.ListNodeAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNodeAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)), state.Nodes);
        Pods = Make(ResourceApi<V1Pod>.Create<V1PodList>("pods",
            (limit, token, ct) => client.CoreV1.ListPodForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListPodForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)), wrapPods(state.Pods));
        Events = Make(ResourceApi<Corev1Event>.Create<Corev1EventList>("events",
            (limit, token, ct) => client.CoreV1.ListEventForAllNamespacesAsync(fieldSelector: "type=Warning", continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListEventForAllNamespacesAsync(allowWatchBookmarks: true, fieldSelector: "type=Warning", resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)), state.Events);
        Deployments = Make(ResourceApi<V1Deployment>.Create<V1DeploymentList>("deployments",
            (limit, token, ct) => client.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListDeploymentForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)), state.Deployments);
        StatefulSets = Make(ResourceApi<V1StatefulSet>.Create<V1StatefulSetList>("statefulsets",
            (limit, token, ct) => client.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListStatefulSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)), state.StatefulSets);
        DaemonSets = Make(ResourceApi<V1DaemonSet>.Create<V1DaemonSetList>("daemonsets",
            (limit, token, ct) => client.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: token, limit: limit, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.AppsV1.WatchListDaemonSetForAllNamespacesAsync(allowWatchBookmarks: true, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)), state.DaemonSets);
    }

    public ClusterState State { get; }

    public Reflector<V1Node> Nodes { get; }

    public Reflector<V1Pod> Pods { get; }

    public Reflector<Corev1Event> Events { get; }

    public Reflector<V1Deployment> Deployments { get; }

    public Reflector<V1StatefulSet> StatefulSets { get; }

    public Reflector<V1DaemonSet> DaemonSets { get; }

    public IEnumerable<ReflectorStats> AllStats => [Nodes.Stats, Pods.Stats, Events.Stats, Deployments.Stats, StatefulSets.Stats, DaemonSets.Stats];

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Nodes.RunAsync(cancellationToken),
        Pods.RunAsync(cancellationToken),
        Events.RunAsync(cancellationToken),
        Deployments.RunAsync(cancellationToken),
        StatefulSets.RunAsync(cancellationToken),
        DaemonSets.RunAsync(cancellationToken));

    public void Dispose() => _client.Dispose();
}
