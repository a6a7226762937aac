using k8s;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// Runs the reflectors of one cluster (one per resource the panels watch) into its <see cref="ClusterState"/>,
/// beside the probe of its API server (<see cref="ApiServerContact"/>) that they share.
/// </summary>
public sealed class ClusterWatcher : IDisposable
{
    private readonly k8s.Kubernetes _client;
    private readonly ReflectorOptions _options;

    private readonly IReadOnlyList<IResourceReflector> _reflectors;

    private ClusterWatcher(ClusterState state, k8s.Kubernetes client, ApiServerContact contact, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers, SinkWrapper? wrap)
    {
        State = state;
        Contact = contact;
        _client = client;
        _options = options;
        var context = new ReflectorContext(contact, options, time, new Random(), loggers, wrap);
        _reflectors = [.. state.Resources.Select(r => r.CreateReflector(state, state.SinkOf(r), client, context))];
    }

    public ClusterState State { get; }

    /// <summary>When the API server last answered, and whether it answers at all.</summary>
    public ApiServerContact Contact { get; }

    /// <summary>The reflector of one resource: <c>watcher["pods"]</c>.</summary>
    public IResourceReflector this[string resource] => _reflectors.First(r => r.Resource == resource);

    public IEnumerable<ReflectorStats> AllStats => _reflectors.Select(r => r.Stats);

    /// <summary>Each resource's figures under its name ("nodes", "pods", ...), for /metrics.</summary>
    public IEnumerable<(string Resource, ReflectorStats Stats)> StatsByResource => _reflectors.Select(r => (r.Resource, r.Stats));

    /// <summary>
    /// A watcher of the cluster <paramref name="config"/> points at. Every request's headers are awaited at most
    /// <see cref="ReflectorOptions.ResponseTimeout"/>; <paramref name="handlers"/> go into the client's pipeline after that.
    /// </summary>
    public static ClusterWatcher Connect(ClusterState state, KubernetesClientConfiguration config, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers, params DelegatingHandler[] handlers) =>
        Connect(state, config, options, time, loggers, null, handlers);

    /// <summary>As above, with sinks wrapped: the benchmark times how soon a change reaches the state this way.</summary>
    internal static ClusterWatcher Connect(ClusterState state, KubernetesClientConfiguration config, ReflectorOptions options, TimeProvider time, ILoggerFactory loggers,
        SinkWrapper? wrap, params DelegatingHandler[] handlers)
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
        return new ClusterWatcher(state, client, contact, options, time, loggers, wrap);
    }

    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll([.. _reflectors.Select(r => r.RunAsync(cancellationToken)), Contact.RunAsync(AskReadyzAsync, cancellationToken)]);

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
