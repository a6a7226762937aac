using OpsDashboard.Kubernetes;
using Prometheus;

namespace OpsDashboard.Telemetry;

/// <summary>
/// The Kubernetes reflectors on /metrics, per cluster and resource, read from their counters at scrape time: how often
/// each relisted, reopened its watch, got a 410, found its watch silent, and when its last event or bookmark came;
/// per cluster, the /readyz probes and how often the API server was found silent. A relist storm or a silent API
/// server shows here before anyone looks at a tile.
/// </summary>
public sealed class KubernetesMetrics(KubernetesFleet? fleet = null)
{
    private static readonly string[] Labels = ["cluster", "resource"];

    private static readonly Counter Relists = Metrics.CreateCounter(
        "opsdashboard_kubernetes_relists_total", "Full lists after the first (after a 410 Gone), by cluster and resource.",
        new CounterConfiguration { LabelNames = Labels });

    private static readonly Counter WatchRestarts = Metrics.CreateCounter(
        "opsdashboard_kubernetes_watch_restarts_total", "Watches opened after the first: after a clean end, a cut, a 410, a silence or a failure.",
        new CounterConfiguration { LabelNames = Labels });

    private static readonly Counter Gone = Metrics.CreateCounter(
        "opsdashboard_kubernetes_gone_total", "410 Gone answers: resourceVersion or continue token too old.",
        new CounterConfiguration { LabelNames = Labels });

    private static readonly Counter SilentWatches = Metrics.CreateCounter(
        "opsdashboard_kubernetes_silent_watch_reopens_total", "Watches reopened because they had gone silent (idle timeout, or the API server found silent).",
        new CounterConfiguration { LabelNames = Labels });

    private static readonly Counter Failures = Metrics.CreateCounter(
        "opsdashboard_kubernetes_failures_total", "Lists and watches that failed (unreachable, timed out, refused, garbled) and were retried after a backoff.",
        new CounterConfiguration { LabelNames = Labels });

    private static readonly Gauge LastEvent = Metrics.CreateGauge(
        "opsdashboard_kubernetes_last_event_timestamp_seconds", "When the last watch event or bookmark came (Unix time); 0 before the first.",
        new GaugeConfiguration { LabelNames = Labels });

    private static readonly Counter Probes = Metrics.CreateCounter(
        "opsdashboard_kubernetes_readyz_probes_total", "/readyz probes sent to an API server that had been quiet or unreachable.",
        new CounterConfiguration { LabelNames = ["cluster"] });

    private static readonly Counter Silences = Metrics.CreateCounter(
        "opsdashboard_kubernetes_apiserver_silences_total", "Times an API server took connections and sent no answer (a /readyz probe without headers).",
        new CounterConfiguration { LabelNames = ["cluster"] });

    /// <summary>Reads the current figures into the series; registered to run before every scrape.</summary>
    public void Refresh()
    {
        foreach (var watcher in fleet?.Watchers ?? [])
        {
            var cluster = watcher.State.Name;
            foreach (var (resource, stats) in watcher.StatsByResource)
            {
                Relists.WithLabels(cluster, resource).IncTo(stats.Relists);
                WatchRestarts.WithLabels(cluster, resource).IncTo(stats.WatchRestarts);
                Gone.WithLabels(cluster, resource).IncTo(stats.Gone);
                SilentWatches.WithLabels(cluster, resource).IncTo(stats.HungWatches);
                Failures.WithLabels(cluster, resource).IncTo(stats.Failures);
                LastEvent.WithLabels(cluster, resource).Set(stats.LastEventAt?.ToUnixTimeMilliseconds() / 1000.0 ?? 0);
            }

            Probes.WithLabels(cluster).IncTo(watcher.Contact.Probes);
            Silences.WithLabels(cluster).IncTo(watcher.Contact.Silences);
        }
    }
}
