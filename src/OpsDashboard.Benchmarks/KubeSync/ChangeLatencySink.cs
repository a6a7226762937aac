using System.Globalization;
using k8s;
using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// Wraps a cluster state's sink (pods, Deployments): once a watched object stamped by the fake (<see cref="PodChurn"/>,
/// <see cref="RolloutSteps"/>) is in the state, records how long after its change that was, and tells
/// <paramref name="stamped"/> of it. The stamp is read before the projection, which drops annotations.
/// </summary>
public sealed class ChangeLatencySink<T>(IReflectorSink<T> inner, TimeProvider time, Action<T, double>? stamped = null) : IReflectorSink<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _gate = new();
    private List<double> _latencies = [];

    /// <summary>The latencies in milliseconds recorded since the last call, sorted; starts a new window.</summary>
    public IReadOnlyList<double> TakeLatencies()
    {
        List<double> taken;
        lock (_gate)
        {
            (taken, _latencies) = (_latencies, []);
        }

        taken.Sort();
        return taken;
    }

    public void Apply(WatchEventType type, T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string? stamp = null;
        var isStamped = type is WatchEventType.Added or WatchEventType.Modified
            && item.Metadata.Annotations?.TryGetValue(PodChurn.ChangedAtAnnotation, out stamp) == true;
        inner.Apply(type, item);
        if (isStamped)
        {
            var at = double.Parse(stamp!, CultureInfo.InvariantCulture);
            var latency = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds - at;
            lock (_gate)
            {
                _latencies.Add(latency);
            }

            stamped?.Invoke(item, at);
        }
    }

    public void BeginList() => inner.BeginList();

    public void AddPage(IList<T> items) => inner.AddPage(items);

    public void EndList() => inner.EndList();

    public void Confirmed(DateTimeOffset at) => inner.Confirmed(at);

    public void Reachable(DateTimeOffset at) => inner.Reachable(at);

    public void Failed(string message, DateTimeOffset at) => inner.Failed(message, at);
}
