using OpsDashboard.Demo;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Scaling;

/// <summary>
/// HPAs of the simulated fleet. Every hour MDN's web (mdn-prod, both Oregon clusters) meets its peak: 6 → 20 pods at
/// minute 20, held at its max for 16 minutes (WARNING after 10), 20 → 12 at 36 and back to 6 at 46. Tokyo's metrics
/// go missing for five minutes at 50, so its bedrock HPA cannot scale (ScalingActive=False).
/// </summary>
public sealed class DemoScalingSource(DemoFleet fleet) : DemoSource<ClusterScaling>(fleet, TimeSpan.FromSeconds(15)), IScalingSource
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public override SourceInfo Info { get; } = new(ScalingPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(90));

    public static ClusterScaling Simulate(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var offset = cluster.Name == "oregon-b" ? TimeSpan.FromMinutes(2) : TimeSpan.Zero;
        var elapsed = fleet.Elapsed(now) - offset;
        var hourStart = now - TimeSpan.FromTicks(((elapsed.Ticks % Hour.Ticks) + Hour.Ticks) % Hour.Ticks);
        var minute = (now - hourStart).TotalMinutes;
        var autoscalers = new List<Autoscaler>();
        if (cluster.Namespaces.Contains("mdn-prod"))
        {
            var (replicas, cpu, since) = minute switch
            {
                < 20 => (6, 52, -14),
                < 36 => (20, 93, 20),
                < 46 => (12, 64, 36),
                _ => (6, 48, 46),
            };
            autoscalers.Add(Hpa("mdn-prod", "web", 6, 20, replicas, cpu, 70, hourStart + TimeSpan.FromMinutes(since), fleet.Epoch)
                with { Conditions = Conditions(fleet.Epoch, hourStart, limited: replicas == 20, since) });
            autoscalers.Add(Hpa("mdn-prod", "kumascript", 2, 8, 3, 41, 70, fleet.Epoch - TimeSpan.FromDays(2), fleet.Epoch));
        }

        if (cluster.Namespaces.Contains("bedrock-prod"))
        {
            var metricsGone = cluster.Name == "tokyo" && minute is >= 50 and < 55;
            var bedrock = Hpa("bedrock-prod", "bedrock-web", 4, 12, 5, metricsGone ? null : 47, 75, fleet.Epoch - TimeSpan.FromDays(1), fleet.Epoch);
            autoscalers.Add(metricsGone
                ? bedrock with
                {
                    Conditions =
                    [
                        new(Autoscaler.AbleToScale, true, "SucceededGetScale", "the HPA controller was able to get the target's current scale", fleet.Epoch),
                        new(Autoscaler.ScalingActive, false, "FailedGetResourceMetric", "the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API", hourStart + TimeSpan.FromMinutes(50)),
                        new(Autoscaler.ScalingLimited, false, "DesiredWithinRange", "the desired count is within the acceptable range", fleet.Epoch),
                    ],
                }
                : bedrock);
        }

        if (cluster.Namespaces.Contains("sumo-prod"))
        {
            autoscalers.Add(Hpa("sumo-prod", "kitsune", 3, 10, 4, 58, 70, fleet.Epoch - TimeSpan.FromDays(3), fleet.Epoch));
        }

        return new ClusterScaling(cluster.Name, [.. autoscalers.OrderBy(a => a.Namespace, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)], now, new ScalingOptions().WarnAtMaxAfter);
    }

    public override IReadOnlyList<TargetReading<ClusterScaling>> Read(DateTimeOffset now) =>
    [
        .. DemoFleet.Clusters.Select(c => Fleet.ApiOutage(c.Name, now) is { } outage
            ? TargetReading<ClusterScaling>.Failed(c.Name, c.Name, outage)
            : TargetReading<ClusterScaling>.Ok(c.Name, c.Name, Simulate(Fleet, c, now))),
    ];

    private static Autoscaler Hpa(string ns, string name, int min, int max, int replicas, int? cpu, int target, DateTimeOffset lastScale, DateTimeOffset epoch) =>
        new(ns, name, "Deployment", name, min, max, replicas, replicas,
            [new ScalingMetric("cpu", cpu is { } c ? $"{c}%" : null, $"{target}%", cpu is { } r ? (double)r / target : null)],
            Conditions(epoch, epoch, limited: false, 0),
            lastScale)
        {
            AtMaxSince = replicas >= max ? lastScale : null,
        };

    private static List<ScalingCondition> Conditions(DateTimeOffset epoch, DateTimeOffset hourStart, bool limited, int since) =>
    [
        new(Autoscaler.AbleToScale, true, "ReadyForNewScale", "recommended size matches current size", epoch),
        new(Autoscaler.ScalingActive, true, "ValidMetricFound", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", epoch),
        limited
            ? new(Autoscaler.ScalingLimited, true, "TooManyReplicas", "the desired replica count is more than the maximum replica count", hourStart + TimeSpan.FromMinutes(since))
            : new(Autoscaler.ScalingLimited, false, "DesiredWithinRange", "the desired count is within the acceptable range", epoch),
    ];
}
