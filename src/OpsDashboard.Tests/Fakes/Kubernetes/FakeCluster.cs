using System.Collections.Immutable;
using k8s;
using k8s.Models;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>A consistent list of one resource at one resourceVersion, sorted by key as etcd returns it.</summary>
internal sealed record ListSnapshot(ImmutableList<StoredObject> Items, long ResourceVersion)
{
    /// <summary>The index of the first item whose key is not less than <paramref name="key"/>.</summary>
    public int LowerBound(string key)
    {
        var (low, high) = (0, Items.Count);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (string.CompareOrdinal(Items[middle].Key, key) < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

/// <summary>
/// The objects of the fake cluster, the one global resourceVersion (etcd's revision), the history that watches resume
/// from and the open watches. Everything that changes does so under one lock, so a watch never misses or repeats a change.
/// </summary>
internal sealed class FakeCluster(int historyLimit, TimeProvider timeProvider)
{
    private const int SnapshotsKeptPerResource = 64;
    private readonly Lock _gate = new();
    private readonly Dictionary<FakeResource, ImmutableList<StoredObject>> _items = ResourceCatalog.All.ToDictionary(r => r, _ => ImmutableList<StoredObject>.Empty);
    private readonly Dictionary<(FakeResource, long), ImmutableList<StoredObject>> _pinned = [];
    private readonly Queue<(FakeResource Resource, long ResourceVersion)> _pinOrder = new();
    private readonly Queue<ClusterChange> _history = new();
    private readonly List<WatchSubscription> _watches = [];
    private long _resourceVersion = 1;
    private long _oldestResumable;

    public long ResourceVersion => Interlocked.Read(ref _resourceVersion);

    public void Upsert(FakeResource resource, IKubernetesObject<V1ObjectMeta> obj)
    {
        lock (_gate)
        {
            var rv = _resourceVersion + 1;
            var now = timeProvider.GetUtcNow().UtcDateTime;
            var key = StoredObject.KeyOf(resource.Namespaced ? obj.Metadata?.NamespaceProperty ?? "default" : null, obj.Metadata?.Name ?? "");
            var items = _items[resource];
            var index = new ListSnapshot(items, rv).LowerBound(key);
            var previous = index < items.Count && items[index].Key == key ? items[index] : null;
            var stored = StoredObject.Encode(resource, obj, rv, previous, new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc));
            _items[resource] = previous is null ? items.Insert(index, stored) : items.SetItem(index, stored);
            Commit(new ClusterChange(rv, resource, previous is null ? WatchEventType.Added : WatchEventType.Modified, stored, previous));
        }
    }

    /// <summary>
    /// A client's create (POST) or replace (PUT), as the API server checks them: a create of a name that exists, or a
    /// replace whose metadata.resourceVersion is not the stored one, is refused (409) and changes nothing; a replace
    /// without a resourceVersion is unconditional. Returns the stored object, or the refusal's status code.
    /// </summary>
    public (StoredObject? Stored, int Status) Write(FakeResource resource, IKubernetesObject<V1ObjectMeta> obj, bool create)
    {
        lock (_gate)
        {
            var (ns, name) = (resource.Namespaced ? obj.Metadata.NamespaceProperty ?? "default" : null, obj.Metadata.Name);
            var previous = Get(resource, ns, name);
            var requested = obj.Metadata.ResourceVersion;
            if (create ? previous is not null : previous is null)
            {
                return (previous, create ? 409 : 404);
            }

            if (!create && !string.IsNullOrEmpty(requested) && requested != previous!.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return (previous, 409);
            }

            Upsert(resource, obj);
            return (Get(resource, ns, name), create ? 201 : 200);
        }
    }

    public bool Delete(FakeResource resource, string? @namespace, string name)
    {
        lock (_gate)
        {
            var key = StoredObject.KeyOf(resource.Namespaced ? @namespace ?? "default" : null, name);
            var items = _items[resource];
            var index = new ListSnapshot(items, 0).LowerBound(key);
            if (index == items.Count || items[index].Key != key)
            {
                return false;
            }

            var rv = _resourceVersion + 1;
            _items[resource] = items.RemoveAt(index);
            Commit(new ClusterChange(rv, resource, WatchEventType.Deleted, items[index].WithResourceVersion(resource, rv), null));
            return true;
        }
    }

    public StoredObject? Get(FakeResource resource, string? @namespace, string name)
    {
        var snapshot = Snapshot(resource);
        var key = StoredObject.KeyOf(@namespace, name);
        var index = snapshot.LowerBound(key);
        return index < snapshot.Items.Count && snapshot.Items[index].Key == key ? snapshot.Items[index] : null;
    }

    public ListSnapshot Snapshot(FakeResource resource)
    {
        lock (_gate)
        {
            return new ListSnapshot(_items[resource], _resourceVersion);
        }
    }

    /// <summary>Keeps a snapshot for the continue tokens of its pages, as etcd keeps a revision until it compacts.</summary>
    public void Pin(FakeResource resource, ListSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_pinned.TryAdd((resource, snapshot.ResourceVersion), snapshot.Items))
            {
                _pinOrder.Enqueue((resource, snapshot.ResourceVersion));
                if (_pinOrder.Count > SnapshotsKeptPerResource * ResourceCatalog.All.Count)
                {
                    _pinned.Remove(_pinOrder.Dequeue());
                }
            }
        }
    }

    /// <summary>The snapshot a continue token points at, or null when it is too old (compacted).</summary>
    public ListSnapshot? Pinned(FakeResource resource, long resourceVersion)
    {
        lock (_gate)
        {
            return resourceVersion >= _oldestResumable && _pinned.TryGetValue((resource, resourceVersion), out var items)
                ? new ListSnapshot(items, resourceVersion)
                : null;
        }
    }

    /// <summary>
    /// Opens a watch from <paramref name="fromResourceVersion"/> (null: the current objects as ADDED first). Returns the
    /// oldest resumable resourceVersion instead when the history no longer reaches back that far.
    /// </summary>
    public (WatchSubscription? Watch, long Oldest) Subscribe(WatchSubscription watch, ObjectFilter filter, long? fromResourceVersion)
    {
        lock (_gate)
        {
            if (fromResourceVersion is { } from && from < _oldestResumable)
            {
                return (null, _oldestResumable);
            }

            watch.Start(fromResourceVersion ?? _resourceVersion);
            if (fromResourceVersion is null)
            {
                foreach (var item in _items[watch.Resource].Where(filter.Matches))
                {
                    watch.Send(new WatchMessage.Change(WatchEventType.Added, item), _resourceVersion);
                }
            }
            else
            {
                foreach (var change in _history.Where(c => c.ResourceVersion > fromResourceVersion))
                {
                    watch.Offer(change);
                }
            }

            _watches.Add(watch);
            return (watch, _oldestResumable);
        }
    }

    public void Unsubscribe(WatchSubscription watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch);
        }
    }

    public void Bookmark(WatchSubscription watch)
    {
        lock (_gate)
        {
            watch.Send(new WatchMessage.Bookmark(_resourceVersion), _resourceVersion);
        }
    }

    /// <summary>
    /// Every resourceVersion so far becomes too old, as after an etcd compaction; open watches get a 410. The revision
    /// moves on by one, as etcd's does with writes elsewhere, so a client that lists again gets one it can watch from.
    /// </summary>
    public void ExpireHistory()
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _resourceVersion);
            _oldestResumable = _resourceVersion;
            _history.Clear();
            _pinned.Clear();
            _pinOrder.Clear();
            foreach (var watch in _watches)
            {
                watch.Expire(_oldestResumable);
            }

            _watches.Clear();
        }
    }

    public void ForEachWatch(Action<WatchSubscription> action)
    {
        lock (_gate)
        {
            _watches.ForEach(action);
        }
    }

    private void Commit(ClusterChange change)
    {
        Interlocked.Exchange(ref _resourceVersion, change.ResourceVersion);
        _history.Enqueue(change);
        while (_history.Count > historyLimit)
        {
            _oldestResumable = _history.Dequeue().ResourceVersion;
        }

        foreach (var watch in _watches)
        {
            watch.Offer(change);
        }
    }
}
