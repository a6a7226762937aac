using k8s;
using k8s.Models;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// Runs the reflectors of one cluster (nodes, pods, warning events, workloads) into its <see cref="ClusterState"/>,
/// beside the probe of its API server (<see cref="ApiServerContact"/>) that they share.
/// </summary>
public sealed class ClusterWatcher : IDisposable
{
    private readonly k8s.Kubernetes _client;
    private readonly ReflectorOptions _options;

    private ClusterWatcher(ClusterState state, k8s.Kubernetes client, ApiServerContact contact, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers, Func<IReflectorSink<V1Pod>, IReflectorSink<V1Pod>> wrapPods)
    {
        State = state;
        Contact = contact;
        _client = client;
        _options = options;
        var random = new Random();
        Reflector<TObj> Make<TObj>(ResourceApi<TObj> api, IReflectorSink<TObj> sink)
            where TObj : IKubernetesObject<V1ObjectMeta> =>
            new(state.Name, api, sink, contact, options, time, random, loggers.CreateLogger($"OpsDashboard.Kubernetes.Reflector.{api.Resource}"));

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

    /// <summary>When the API server last answered, and whether it answers at all.</summary>
    public ApiServerContact Contact { get; }

    public Reflector<V1Node> Nodes { get; }

    public Reflector<V1Pod> Pods { get; }

    public Reflector<Corev1Event> Events { get; }

    public Reflector<V1Deployment> Deployments { get; }

    public Reflector<V1StatefulSet> StatefulSets { get; }

    public Reflector<V1DaemonSet> DaemonSets { get; }

    public IEnumerable<ReflectorStats> AllStats => [Nodes.Stats, Pods.Stats, Events.Stats, Deployments.Stats, StatefulSets.Stats, DaemonSets.Stats];

    /// <summary>Each resource's figures under its name ("nodes", "pods", ...), for /metrics.</summary>
    public IEnumerable<(string Resource, ReflectorStats Stats)> StatsByResource =>
    [
        ("nodes", Nodes.Stats), ("pods", Pods.Stats), ("events", Events.Stats),
        ("deployments", Deployments.Stats), ("statefulsets", StatefulSets.Stats), ("daemonsets", DaemonSets.Stats),
    ];

    /// <summary>
    /// A watcher of the cluster <paramref name="config"/> points at. Every request's headers are awaited at most
    /// <see cref="ReflectorOptions.ResponseTimeout"/>; <paramref name="handlers"/> go into the client's pipeline after that.
    /// </summary>
    public static ClusterWatcher Connect(ClusterState state, KubernetesClientConfiguration config, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers, params DelegatingHandler[] handlers) =>
        Connect(state, config, options, time, loggers, pods => pods, handlers);

    /// <summary>As above, with the pods sink wrapped: the benchmark times how soon a change reaches the state this way.</summary>
    internal static ClusterWatcher Connect(ClusterState state, KubernetesClientConfiguration config, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers,
        Func<IReflectorSink<V1Pod>, IReflectorSink<V1Pod>> wrapPods, params DelegatingHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        // Watches stay open for minutes; the client's default 100 s timeout would cut every one of them. Waits for headers
        // are bounded by ResponseHeadersTimeout instead.
        config.HttpClientTimeout = Timeout.InfiniteTimeSpan;
        var contact = new ApiServerContact(state, options, time, loggers.CreateLogger("OpsDashboard.Kubernetes.ApiServerContact"));
        var client = new k8s.Kubernetes(config, [new ResponseHeadersTimeout(contact, options.ResponseTimeout, time), .. handlers]);
        return new ClusterWatcher(state, client, contact, options, time, loggers, wrapPods);
    }

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        Nodes.RunAsync(cancellationToken),
        Pods.RunAsync(cancellationToken),
        Events.RunAsync(cancellationToken),
        Deployments.RunAsync(cancellationToken),
        StatefulSets.RunAsync(cancellationToken),
        DaemonSets.RunAsync(cancellationToken),
        Contact.RunAsync(AskReadyzAsync, cancellationToken));

    public void Dispose()
    {
        _client.Dispose();
        Contact.Dispose();
    }

    /// <summary>GET /readyz, without credentials: any answer at all (ok, 401, 500) shows the server is there.</summary>
    private async Task AskReadyzAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_client.BaseUri, "readyz"));
        request.Options.Set(ResponseHeadersTimeout.Limit, _options.ProbeTimeout);
        using var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
