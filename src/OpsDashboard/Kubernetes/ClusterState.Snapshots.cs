using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Kubernetes;

public sealed partial class ClusterState
{
    public bool NodesSynced
    {
        get
        {
            lock (Lock)
            {
                return Nodes.Synced;
            }
        }
    }

    public bool PodsSynced
    {
        get
        {
            lock (Lock)
            {
                return Pods.Synced;
            }
        }
    }

    public ClusterNodes NodesSnapshot(DateTimeOffset now)
    {
        lock (Lock)
        {
            return new ClusterNodes(Name, [.. Nodes.Items.Values.OrderBy(n => n.Name, StringComparer.Ordinal)], now);
        }
    }

    public ClusterPods PodsSnapshot(DateTimeOffset now)
    {
        lock (Lock)
        {
            PruneEvents(now);
            var pods = Pods.Items;
            var specs = new Dictionary<(string, WorkloadKind, string), WorkloadSpec>();
            foreach (var source in new[] { Deployments.Items, StatefulSets.Items, DaemonSets.Items })
            {
                foreach (var (key, spec) in source)
                {
                    specs[key] = spec;
                }
            }

            var inputs = new ClusterPodInputs(
                pods.Values as IReadOnlyCollection<PodInfo> ?? [.. pods.Values],
                pods,
                specs,
                [.. Events.Items.Values],
                p => _restarts.Since((p.Namespace, p.Name), now - TimeSpan.FromHours(1)),
                (e, since) => _eventCounts.Since(e.Uid, since));
            return PodReadinessAggregator.Aggregate(Name, inputs, now);
        }
    }

    /// <summary>Pods matching a filter, e.g. the running pods of an app whose health pages are checked.</summary>
    public IReadOnlyList<PodInfo> FindPods(Func<PodInfo, bool> filter)
    {
        lock (Lock)
        {
            return [.. Pods.Items.Values.Where(filter)];
        }
    }

    /// <summary>The pods scheduled on one node, for the node detail view.</summary>
    public IReadOnlyList<PodInfo> PodsOnNode(string node)
    {
        lock (Lock)
        {
            return [.. Pods.Items.Values.Where(p => p.NodeName == node).OrderBy(p => p.Namespace, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Warning events about one object, newest first, for drill-down.</summary>
    public IReadOnlyList<WarningEvent> EventsFor(string kind, string? @namespace, string name)
    {
        lock (Lock)
        {
            return [.. Events.Items.Values.Where(e => e.InvolvedKind == kind && e.InvolvedName == name && (@namespace is null || e.Namespace == @namespace)).OrderByDescending(e => e.LastSeen)];
        }
    }

    private void PruneEvents(DateTimeOffset now)
    {
        var cutoff = now - EventRetention;
        foreach (var old in Events.Items.Where(e => e.Value.LastSeen < cutoff).Select(e => e.Key).ToList())
        {
            Events.Forget(old);
            _eventCounts.Forget(old);
        }
    }
}
