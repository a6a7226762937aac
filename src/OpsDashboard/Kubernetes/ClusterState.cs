using OpsDashboard.Panels;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// Everything the dashboard keeps about one cluster: a sink of compact projections for each watched resource (the
/// panels declare which: <see cref="PanelDefinition.KubernetesResources"/>), the panels' per-cluster ledgers, how
/// current each resource is and what is failing. The panels build their snapshots from it on demand, under <see cref="Lock"/>.
/// </summary>
public sealed class ClusterState
{
    /// <summary>The fault of the whole API server (found silent), beside those of single resources.</summary>
    public const string ApiServer = "api server";

    private readonly Dictionary<WatchedResource, object> _sinks = [];
    private readonly Dictionary<Type, object> _companions = [];
    private readonly Dictionary<string, DateTimeOffset> _confirmed = [];
    private readonly Dictionary<string, (string Message, DateTimeOffset Since)> _faults = [];
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>A cluster watched for every registered panel's resources.</summary>
    public ClusterState(string name, TimeProvider time)
        : this(name, time, DashboardPanels.KubernetesResources)
    {
    }

    public ClusterState(string name, TimeProvider time, IEnumerable<WatchedResource> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        Name = name;
        Time = time;
        Resources = [.. resources.Distinct()];
        foreach (var resource in Resources)
        {
            _sinks[resource] = resource.CreateSink(this);
        }
    }

    public string Name { get; }

    public TimeProvider Time { get; }

    public Lock Lock { get; } = new();

    /// <summary>Interns the strings that repeat across objects (namespaces, node names, images).</summary>
    public StringPool Pool { get; } = new();

    public IReadOnlyList<WatchedResource> Resources { get; }

    /// <summary>What the cluster keeps of <paramref name="resource"/>; read its items only under <see cref="Lock"/>.</summary>
    public KeyedSink<TObj, TKey, TValue> Sink<TObj, TKey, TValue>(WatchedResource<TObj, TKey, TValue> resource)
        where TObj : k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>
        where TKey : notnull =>
        _sinks.TryGetValue(resource, out var sink)
            ? (KeyedSink<TObj, TKey, TValue>)sink
            : throw new InvalidOperationException($"{Name} does not watch {resource.Name}: no registered panel declares it.");

    internal object SinkOf(WatchedResource resource) => _sinks[resource];

    /// <summary>Whether every one of <paramref name="resources"/> has been listed at least once.</summary>
    public bool Synced(params WatchedResource[] resources)
    {
        lock (Lock)
        {
            return resources.All(r => ((ISyncedSink)_sinks[r]).Synced);
        }
    }

    /// <summary>
    /// A panel's own state of this cluster (e.g. restart counts), made once by <paramref name="create"/>; use it under
    /// <see cref="Lock"/> as the sinks are.
    /// </summary>
    public T Companion<T>(Func<ClusterState, T> create)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (Lock)
        {
            if (!_companions.TryGetValue(typeof(T), out var companion))
            {
                _companions[typeof(T)] = companion = create(this);
            }

            return (T)companion;
        }
    }

    /// <summary>Grows with every change to what the panels would show.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// The first failing resource's message and since when, or a silent API server's (it says why every resource fails);
    /// null while every watch is healthy.
    /// </summary>
    public (string Message, DateTimeOffset Since)? Fault
    {
        get
        {
            lock (Lock)
            {
                if (_faults.Count == 0)
                {
                    return null;
                }

                var first = _faults.Values.MinBy(f => f.Since);
                return _faults.TryGetValue(ApiServer, out var server) ? (server.Message, first.Since) : first;
            }
        }
    }

    /// <summary>When the given resources were last confirmed current by the API server (the oldest of them).</summary>
    public DateTimeOffset? ConfirmedAt(params string[] resources)
    {
        lock (Lock)
        {
            return resources.All(_confirmed.ContainsKey) ? resources.Min(r => _confirmed[r]) : null;
        }
    }

    /// <summary>Completes when <see cref="Version"/> passes <paramref name="afterVersion"/> or a fault starts or ends.</summary>
    public async Task WaitForChangeAsync(long afterVersion, CancellationToken cancellationToken)
    {
        var pulse = Volatile.Read(ref _pulse);
        if (Version > afterVersion)
        {
            return;
        }

        await pulse.Task.WaitAsync(cancellationToken);
    }

    internal void Changed()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    internal void Confirmed(string resource, DateTimeOffset at)
    {
        bool recovered;
        lock (Lock)
        {
            _confirmed[resource] = at;
            recovered = _faults.Remove(resource);
        }

        if (recovered)
        {
            Changed();
        }
    }

    /// <summary>The API server answered for <paramref name="resource"/>: its fault is over, nothing is confirmed.</summary>
    internal void Reachable(string resource)
    {
        bool recovered;
        lock (Lock)
        {
            recovered = _faults.Remove(resource);
        }

        if (recovered)
        {
            Changed();
        }
    }

    internal void Failed(string resource, string message, DateTimeOffset at)
    {
        lock (Lock)
        {
            _faults[resource] = (message, _faults.TryGetValue(resource, out var f) ? f.Since : at);
        }

        Changed();
    }
}
