using k8s;
using k8s.Models;

namespace OpsDashboard.Kubernetes;

/// <summary>A sink that knows whether its resource has been listed once.</summary>
public interface ISyncedSink
{
    bool Synced { get; }
}

/// <summary>
/// A reflector sink that keeps one compact value per object key in a dictionary owned by the cluster state, under the
/// state's lock. A relist builds a new dictionary page by page and swaps it in at the end, so readers never see half
/// a list, and objects gone while we were disconnected disappear.
/// </summary>
public sealed class KeyedSink<T, TKey, TValue> : IReflectorSink<T>, ISyncedSink
    where T : IKubernetesObject<V1ObjectMeta>
    where TKey : notnull
{
    private readonly ClusterState _state;
    private readonly string _resource;
    private readonly Func<T, TKey> _key;
    private readonly Func<T, TValue?> _project;
    private readonly Action<TKey, TValue>? _upserted;
    private readonly Action<TKey>? _removed;
    private Dictionary<TKey, TValue> _items = [];
    private Dictionary<TKey, TValue>? _listing;

    public KeyedSink(ClusterState state, string resource, Func<T, TKey> key, Func<T, TValue?> project, Action<TKey, TValue>? upserted = null, Action<TKey>? removed = null)
    {
        _state = state;
        _resource = resource;
        _key = key;
        _project = project;
        _upserted = upserted;
        _removed = removed;
    }

    /// <summary>The current items; read only under the state's lock.</summary>
    public IReadOnlyDictionary<TKey, TValue> Items => _items;

    public bool Synced { get; private set; }

    public void BeginList() => _listing = [];

    public void AddPage(IList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var listing = _listing ?? throw new InvalidOperationException("AddPage before BeginList");
        lock (_state.Lock)
        {
            foreach (var item in items)
            {
                if (_project(item) is { } value)
                {
                    var key = _key(item);
                    listing[key] = value;
                    _upserted?.Invoke(key, value);
                }
            }
        }
    }

    public void EndList()
    {
        lock (_state.Lock)
        {
            var listing = _listing ?? throw new InvalidOperationException("EndList before BeginList");
            foreach (var gone in _items.Keys.Where(k => !listing.ContainsKey(k)).ToList())
            {
                _removed?.Invoke(gone);
            }

            _items = listing;
            _listing = null;
            Synced = true;
            _state.Changed();
        }
    }

    public void Apply(WatchEventType type, T item)
    {
        lock (_state.Lock)
        {
            var key = _key(item);
            if (type == WatchEventType.Deleted || _project(item) is not { } value)
            {
                if (_items.Remove(key))
                {
                    _removed?.Invoke(key);
                }
            }
            else
            {
                _items[key] = value;
                _upserted?.Invoke(key, value);
            }

            _state.Changed();
        }
    }

    /// <summary>Drops an item without a change signal (housekeeping such as expiring old events); caller holds the lock.</summary>
    public void Forget(TKey key) => _items.Remove(key);

    public void Confirmed(DateTimeOffset at) => _state.Confirmed(_resource, at);

    public void Reachable(DateTimeOffset at) => _state.Reachable(_resource);

    public void Failed(string message, DateTimeOffset at) => _state.Failed(_resource, message, at);
}
