using OpsDashboard.Demo;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Scaling;

/// <summary>
/// HPAs of the simulated fleet. MDN's web (mdn-prod, both Oregon clusters) follows the pods demo's load curve, 6 → 20
/// pods at each peak and back. Tokyo's metrics go missing for five minutes every hour at 50, so its bedrock HPA cannot
/// scale (ScalingActive=False: a WARNING).
/// </summary>
public sealed class DemoScalingSource(DemoFleet fleet) : DemoSource<ClusterScaling>(fleet, TimeSpan.FromSeconds(15)), IScalingSource
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    public override SourceInfo Info { get; } = new(ScalingPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(90));

    public static ClusterScaling Simulate(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var elapsed = fleet.Elapsed(now);
        var hourStart = now - TimeSpan.FromTicks(((elapsed.Ticks % Hour.Ticks) + Hour.Ticks) % Hour.Ticks);
        var minute = (now - hourStart).TotalMinutes;
        var autoscalers = new List<Autoscaler>();
        if (cluster.Namespaces.Contains("mdn-prod"))
        {
            // The pods panel's demo runs MDN's web on the same curve: both panels tell one story.
            var replicas = DemoPodReadinessSource.MdnWebReplicas(fleet.Elapsed(now));
            var lastScale = LastChange(fleet, now);
            autoscalers.Add(Hpa("mdn-prod", "web", 6, 20, replicas, 50 + ((replicas - 6) * 3), 70, lastScale, fleet.Epoch)
                with { Conditions = Conditions(fleet.Epoch, lastScale, limited: replicas == 20) });
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
            Conditions(epoch, epoch, limited: false),
            lastScale)
        {
            AtMaxSince = replicas >= max ? lastScale : null,
        };

    /// <summary>When MDN's web last changed its count: the curve read back a second at a time over the last hour.</summary>
    private static DateTimeOffset LastChange(DemoFleet fleet, DateTimeOffset now)
    {
        var replicas = DemoPodReadinessSource.MdnWebReplicas(fleet.Elapsed(now));
        for (var back = TimeSpan.FromSeconds(1); back < Hour; back += TimeSpan.FromSeconds(1))
        {
            if (DemoPodReadinessSource.MdnWebReplicas(fleet.Elapsed(now - back)) != replicas)
            {
                return now - back + TimeSpan.FromSeconds(1);
            }
        }

        return now - Hour;
    }

    private static List<ScalingCondition> Conditions(DateTimeOffset epoch, DateTimeOffset since, bool limited) =>
    [
        new(Autoscaler.AbleToScale, true, "ReadyForNewScale", "recommended size matches current size", epoch),
        new(Autoscaler.ScalingActive, true, "ValidMetricFound", "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", epoch),
        limited
            ? new(Autoscaler.ScalingLimited, true, "TooManyReplicas", "the desired replica count is more than the maximum replica count", since)
            : new(Autoscaler.ScalingLimited, false, "DesiredWithinRange", "the desired count is within the acceptable range", epoch),
    ];
}
