using System.Globalization;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Benchmarks.Timeline;

/// <summary>
/// A day of timeline rows at a steady rate, shaped like a busy fleet: mostly probe failures and back-offs, restarts,
/// node and tile state changes, freshness, import and CDN rows, across four clusters and three namespaces. One pod
/// ("needle") has a row about every 15 minutes: the selective filter.
/// </summary>
public static class SyntheticTimeline
{
    public const string Needle = "Pod/web-needle-7d9f8c6b5-x2k4q";

    private static readonly string[] Clusters = ["oregon-a", "oregon-b", "frankfurt", "tokyo"];
    private static readonly string[] Namespaces = ["mdn-prod", "sumo-prod", "bedrock-prod"];

    public static IEnumerable<TimelineEvent> Generate(DateTimeOffset from, TimeSpan span, int perSecond, int seed = 42)
    {
        var random = new Random(seed);
        var total = (long)span.TotalSeconds * perSecond;
        var step = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond);
        for (long i = 0; i < total; i++)
        {
            var at = from + (step * i) + TimeSpan.FromMilliseconds(random.Next(0, 90));
            var cluster = Clusters[random.Next(Clusters.Length)];
            var ns = Namespaces[random.Next(Namespaces.Length)];
            var pod = i % 8640 == 0 ? Needle : $"Pod/web-{random.Next(400):x3}-{random.Next(100_000):x5}";
            var owner = $"Deployment/web-{random.Next(40)}";
            var roll = random.NextDouble();
            var id = TimelineEvent.IdOf(string.Create(CultureInfo.InvariantCulture, $"bench/{i}"));
            var pods = new PanelKey(PodsPanel.Kind, cluster, cluster);
            yield return roll switch
            {
                < 0.55 => new TimelineEvent(id, at, PodsPanel.WarningEvent, TimelineSeverity.Warning, pods, ns, pod, "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 503")
                { Until = at.AddSeconds(random.Next(0, 300)), Count = random.Next(1, 15), Owner = owner, Source = $"uid-{i}", Total = 15 },
                < 0.65 => new TimelineEvent(id, at, PodsPanel.WarningEvent, TimelineSeverity.Critical, pods, ns, pod, "BackOff", "Back-off restarting failed container web in pod " + pod[4..])
                { Until = at.AddSeconds(random.Next(0, 600)), Count = random.Next(1, 30), Owner = owner, Source = $"uid-{i}", Total = 30 },
                < 0.72 => new TimelineEvent(id, at, PodsPanel.WarningEvent, TimelineSeverity.Warning, pods, ns, pod, "FailedScheduling", "0/12 nodes are available: 12 Insufficient cpu. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.")
                { Owner = owner, Source = $"uid-{i}", Total = 1 },
                < 0.82 => new TimelineEvent(id, at, PodsPanel.PodRestart, roll < 0.75 ? TimelineSeverity.Critical : TimelineSeverity.Warning, pods, ns, pod, "Restarted",
                    $"{pod[4..]} restarted, last exit: {(roll < 0.75 ? "OOMKilled" : "Error")}; {random.Next(1, 40)} restarts in all") { Owner = owner },
                < 0.88 => new TimelineEvent(id, at, NodesPanel.NodeCondition, roll < 0.85 ? TimelineSeverity.Critical : TimelineSeverity.Info, new PanelKey(NodesPanel.Kind, cluster, cluster), null,
                    $"Node/ip-10-0-{random.Next(4)}-{random.Next(20, 220)}.us-west-2.compute.internal", roll < 0.85 ? "NotReady" : "Ready", "node NotReady (KubeletNotReady): container runtime network not ready"),
                < 0.94 => new TimelineEvent(id, at, FreshnessPanel.Freshness, TimelineSeverity.Warning, new PanelKey(FreshnessPanel.Kind, cluster, "bedrock"), null, "Pod/bedrock-web-7d9f8c6b5-dd88a", "Stale",
                    "bedrock-web-7d9f8c6b5-dd88a DB stale: 10 min old (max 10 min)"),
                < 0.97 => new TimelineEvent(id, at, RdsImportPanel.Import, TimelineSeverity.Info, new PanelKey(RdsImportPanel.Kind, "AWS", "sumo-prod import"), null, "Table/wiki_revision", "table loaded",
                    "wiki_revision loaded: 9.8 GB, 1,400,000 rows (6 of 20 tables)"),
                < 0.99 => new TimelineEvent(id, at, CdnPanel.Cdn, TimelineSeverity.Warning, new PanelKey(CdnPanel.Kind, "AWS", "mdn.mozillademos.org"), null, "Distribution/E2QWRUHAPOMQZL", "hit ratio drop",
                    "mdn.mozillademos.org: hit ratio 91.2 %, below 95 % (was 98.4 %)"),
                _ => new TimelineEvent(id, at, TimelineKind.TileState, roll < 0.995 ? TimelineSeverity.Critical : TimelineSeverity.Info, pods, null, null, roll < 0.995 ? "OK → CRITICAL" : "CRITICAL → OK",
                    "44 / 45 ready; mdn-prod/kumascript: CrashLoopBackOff (last exit: OOMKilled)") { Until = at.AddMinutes(random.Next(1, 10)) },
            };
        }
    }
}
