using System.Collections.Frozen;
using OpsDashboard.Timeline;

namespace OpsDashboard.Panels.Pods;

/// <summary>
/// Timeline rows for Kubernetes Warning events. Kubernetes itself folds repeats of an event into one object with a
/// count; here each object becomes one row per burst: repeats within <see cref="Gap"/> of the last one add to the
/// row's count and end, a repeat after a longer quiet spell opens a new row.
/// </summary>
public sealed class WarningEventBursts
{
    public static readonly TimeSpan Gap = TimeSpan.FromMinutes(10);

    /// <summary>How long an event that is gone from the cluster is remembered (Kubernetes keeps events an hour by default).</summary>
    public static readonly TimeSpan Remember = TimeSpan.FromHours(1);

    private static readonly FrozenSet<string> CriticalReasons = FrozenSet.Create(StringComparer.Ordinal,
        "BackOff", "OOMKilling", "SystemOOM", "Evicted", "NodeNotReady", "FailedKillPod");

    private readonly Dictionary<(string Cluster, string Uid), TimelineEvent> _last = [];

    public int Remembered => _last.Count;

    public static TimelineSeverity SeverityOf(string reason) => CriticalReasons.Contains(reason) ? TimelineSeverity.Critical : TimelineSeverity.Warning;

    /// <summary>Continues rows written before a restart, so a burst goes on rather than being counted twice.</summary>
    public void Seed(IEnumerable<TimelineEvent> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows.Where(r => r.Kind == PodsPanel.WarningEvent && r.Source is not null))
        {
            _last[(row.Cluster, row.Source!)] = row;
        }
    }

    public IReadOnlyList<TimelineEvent> Observe(ChangeContext context, ClusterPods pods, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(pods);
        var cluster = context.Tile.Group;
        var rows = new List<TimelineEvent>();
        Dictionary<(string, string), PodInfo>? owners = null;
        foreach (var e in pods.Events)
        {
            TimelineEvent? row;
            if (!_last.TryGetValue((cluster, e.Uid), out var last))
            {
                row = New(context, e, e.FirstSeen, e.Count);
            }
            else if (e.FirstSeen > last.Until || e.LastSeen - (last.Until ?? last.At) > Gap)
            {
                row = New(context, e, e.FirstSeen > last.Until ? e.FirstSeen : e.LastSeen, e.FirstSeen > last.Until ? e.Count : Math.Max(1, e.Count - (last.Total ?? 0)));
            }
            else if (e.Count != last.Total || e.LastSeen > last.Until)
            {
                row = last with { Count = last.Count + Math.Max(0, e.Count - (last.Total ?? e.Count)), Until = e.LastSeen, Total = e.Count, Message = e.Message };
            }
            else
            {
                continue;
            }

            if (e.InvolvedKind == "Pod" && row.Owner is null)
            {
                owners ??= pods.Pods.ToDictionary(p => (p.Namespace, p.Name));
                if (owners.TryGetValue((e.Namespace, e.InvolvedName), out var pod))
                {
                    row = row with { Owner = $"{pod.Owner.Kind}/{pod.Owner.Name}" };
                }
            }

            _last[(cluster, e.Uid)] = row;
            rows.Add(row);
        }

        Forget(cluster, pods, now);
        return rows;
    }

    private static TimelineEvent New(ChangeContext context, WarningEvent e, DateTimeOffset at, int count) =>
        context.Row(PodsPanel.WarningEvent, e.Uid, at == DateTimeOffset.MinValue ? context.TakenAt : at, SeverityOf(e.Reason), e.Namespace is { Length: > 0 } ns ? ns : null, $"{e.InvolvedKind}/{e.InvolvedName}", e.Reason, e.Message)
            with { Until = e.LastSeen, Count = count, Total = e.Count, Source = e.Uid };

    private void Forget(string cluster, ClusterPods pods, DateTimeOffset now)
    {
        if (_last.Count <= pods.Events.Count)
        {
            return;
        }

        var current = pods.Events.Select(e => e.Uid).ToHashSet(StringComparer.Ordinal);
        foreach (var key in _last.Where(kv => kv.Key.Cluster == cluster && !current.Contains(kv.Key.Uid) && (kv.Value.Until ?? kv.Value.At) < now - Remember).Select(kv => kv.Key).ToList())
        {
            _last.Remove(key);
        }
    }
}
