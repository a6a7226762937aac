using System.Globalization;
using k8s;
using k8s.Models;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// Wraps the cluster state's pods sink: once a watched pod stamped by <see cref="PodChurn"/> is in the state, records
/// how long after its change that was. The stamp is read before the projection, which drops annotations.
/// </summary>
public sealed class ChangeLatencySink(IReflectorSink<V1Pod> inner, TimeProvider time) : IReflectorSink<V1Pod>
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

    public void Apply(WatchEventType type, V1Pod item)
    {
        ArgumentNullException.ThrowIfNull(item);
        string? stamp = null;
        var stamped = type is WatchEventType.Added or WatchEventType.Modified
            && item.Metadata.Annotations?.TryGetValue(PodChurn.ChangedAtAnnotation, out stamp) == true;
        inner.Apply(type, item);
        if (stamped)
        {
            var latency = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds - double.Parse(stamp!, CultureInfo.InvariantCulture);
            lock (_gate)
            {
                _latencies.Add(latency);
            }
        }
    }

    public void BeginList() => inner.BeginList();

    public void AddPage(IList<V1Pod> items) => inner.AddPage(items);

    public void EndList() => inner.EndList();

    public void Confirmed(DateTimeOffset at) => inner.Confirmed(at);

    public void Reachable(DateTimeOffset at) => inner.Reachable(at);

    public void Failed(string message, DateTimeOffset at) => inner.Failed(message, at);
}
