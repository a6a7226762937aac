using k8s;

namespace OpsDashboard.Kubernetes;

/// <summary>Where a reflector puts what it learns. Implemented by the cluster state, one per resource type.</summary>
public interface IReflectorSink<T>
{
    /// <summary>A full list replaces everything: pages arrive between <see cref="BeginList"/> and <see cref="EndList"/>.</summary>
    void BeginList();

    void AddPage(IList<T> items);

    void EndList();

    void Apply(WatchEventType type, T item);

    /// <summary>The upstream answered: what we hold is current as of <paramref name="at"/>; any failure is over.</summary>
    void Confirmed(DateTimeOffset at);

    /// <summary>
    /// The API server accepted a watch of this resource: any failure of it is over, though what we hold is confirmed
    /// current only by the events and bookmarks that follow.
    /// </summary>
    void Reachable(DateTimeOffset at);

    void Failed(string message, DateTimeOffset at);
}
