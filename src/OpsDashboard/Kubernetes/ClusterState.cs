using k8s.Models;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// Everything the dashboard keeps about one cluster, as compact projections fed by the reflectors: nodes, pods,
/// warning events and workload specs, plus how current each is and what is failing. Snapshots for the panels are
/// built from it on demand.
/// </summary>
public sealed partial class ClusterState
{
    public static readonly TimeSpan EventRetention = TimeSpan.FromHours(1);

    /// <summary>The fault of the whole API server (found silent), beside those of single resources.</summary>
    public const string ApiServer = "api server";

    private readonly TimeProvider _time;
    private readonly StringPool _pool = new();
    private readonly CountLedger<(string, string)> _restarts = new(TimeSpan.FromHours(1));
    private readonly CountLedger<string> _eventCounts = new(EventRetention);
    private readonly Dictionary<string, DateTimeOffset> _confirmed = [];
    private readonly Dictionary<string, (string Message, DateTimeOffset Since)> _faults = [];
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    public ClusterState(string name, TimeProvider time)
    {
        Name = name;
        _time = time;
        Nodes = new(this, "nodes", n => n.Metadata.Name, n => NodeProjection.From(n, _pool));
        Pods = new(this, "pods", p => (p.Metadata.NamespaceProperty, p.Metadata.Name), p => PodProjection.From(p, _pool), ObservePod, key => _restarts.Forget(key));
        Events = new(this, "events", e => e.Metadata.Uid ?? e.Metadata.Name, e => EventProjection.From(e, _pool), ObserveEvent, key => _eventCounts.Forget(key));
        Deployments = new(this, "deployments", d => SpecKey(d.Metadata, WorkloadKind.Deployment), WorkloadProjection.From);
        StatefulSets = new(this, "statefulsets", s => SpecKey(s.Metadata, WorkloadKind.StatefulSet), WorkloadProjection.From);
        DaemonSets = new(this, "daemonsets", d => SpecKey(d.Metadata, WorkloadKind.DaemonSet), WorkloadProjection.From);
    }

    public string Name { get; }

    public Lock Lock { get; } = new();

    public KeyedSink<V1Node, string, NodeSummary> Nodes { get; }

    public KeyedSink<V1Pod, (string Namespace, string Name), PodInfo> Pods { get; }

    public KeyedSink<Corev1Event, string, WarningEvent> Events { get; }

    public KeyedSink<V1Deployment, (string, WorkloadKind, string), WorkloadSpec> Deployments { get; }

    public KeyedSink<V1StatefulSet, (string, WorkloadKind, string), WorkloadSpec> StatefulSets { get; }

    public KeyedSink<V1DaemonSet, (string, WorkloadKind, string), WorkloadSpec> DaemonSets { get; }

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

    private static (string, WorkloadKind, string) SpecKey(V1ObjectMeta meta, WorkloadKind kind) => (meta.NamespaceProperty, kind, meta.Name);

    private void ObservePod((string, string) key, PodInfo pod)
    {
        var now = _time.GetUtcNow();
        var hourAgo = now - TimeSpan.FromHours(1);
        // At first sight we cannot know when old restarts happened: count them all for a pod born within the hour,
        // else only the last one if it ended within the hour.
        var initial = pod.Created >= hourAgo ? pod.Restarts : pod.LastTerminatedAt >= hourAgo && pod.Restarts > 0 ? 1 : 0;
        _restarts.Observe(key, pod.Restarts, now, initial);
    }

    private void ObserveEvent(string key, WarningEvent e)
    {
        var now = _time.GetUtcNow();
        var window = now - PodReadinessAggregator.ProbeWindow;
        var initial = e.FirstSeen >= window ? e.Count : e.LastSeen >= window ? 1 : 0;
        _eventCounts.Observe(key, e.Count, now, initial);
    }
}
