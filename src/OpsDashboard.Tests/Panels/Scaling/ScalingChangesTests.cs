using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Scaling;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Panels.Scaling;

public sealed class ScalingChangesTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_scaling_step_is_a_row_with_its_numbers_at_its_last_scale_time_and_reaching_the_max_is_a_warning()
    {
        var before = Cluster(Start, Web(6, Start.AddHours(-1)));
        var after = Cluster(Start.AddMinutes(1), Web(20, Start.AddSeconds(40)));
        var calmer = Cluster(Start.AddMinutes(20), Web(12, Start.AddMinutes(19)));

        var up = ScalingChanges.Between(Context(after, before), before, after).Single();
        var down = ScalingChanges.Between(Context(calmer, after), after, calmer).Single();

        Assert.Equal((ScalingPanel.Scaled, TimelineSeverity.Warning, Start.AddSeconds(40), "scaled up"), (up.Kind, up.Severity, up.At, up.Reason));
        Assert.Equal("mdn-prod/web scaled 6 → 20, its max (cpu 92%/70%)", up.Message);
        Assert.Equal(("mdn-prod", "HorizontalPodAutoscaler/web", "Deployment/web"), (up.Namespace, up.InvolvedObject, up.Owner));
        Assert.Equal((TimelineSeverity.Info, "mdn-prod/web scaled 20 → 12 (cpu 60%/70%)"), (down.Severity, down.Message));
        Assert.Empty(ScalingChanges.Between(Context(after, after), after, after));
        Assert.Empty(ScalingChanges.Between(Context(before, null), null, before));
    }

    [Fact]
    public void An_hpa_that_stops_being_able_to_scale_is_a_warning_row_with_the_controllers_reason_and_its_return_a_row_too()
    {
        var api = new V2HorizontalPodAutoscalerBuilder("api", "mdn-prod").Between(2, 5).Replicas(2);
        var fine = Cluster(Start, Projected(api.Cpu(40, 80).Build()));
        var blind = Cluster(Start.AddMinutes(1), Projected(new V2HorizontalPodAutoscalerBuilder("api", "mdn-prod").Between(2, 5).Replicas(2).Cpu(null, 80).MetricsUnavailable(Start.AddSeconds(30).UtcDateTime).Build()));

        var stuck = ScalingChanges.Between(Context(blind, fine), fine, blind).Single();
        var back = ScalingChanges.Between(Context(fine, blind), blind, fine with { ObservedAt = Start.AddMinutes(2) }).Single();

        Assert.Equal((TimelineSeverity.Warning, "ScalingActive=False", Start.AddSeconds(30)), (stuck.Severity, stuck.Reason, stuck.At));
        Assert.StartsWith("mdn-prod/api cannot scale: ScalingActive=False (FailedGetResourceMetric): the HPA was unable to compute the replica count", stuck.Message, StringComparison.Ordinal);
        Assert.Equal((TimelineSeverity.Info, "mdn-prod/api scales again"), (back.Severity, back.Message));
    }

    [Fact]
    public void The_demo_scales_mdn_web_between_6_and_20_with_the_pods_demo_a_row_a_step_and_tokyos_missing_metrics_warn()
    {
        var clock = new FakeTimeProvider(Start);
        var fleet = new DemoFleet(clock, Options.Create(new DemoOptions()));
        var demo = new DemoScalingSource(fleet);
        var changes = new ScalingPanel().CreateChanges();
        var rows = new List<TimelineEvent>();
        var headlines = new HashSet<string>(StringComparer.Ordinal);
        var tokyoWarned = false;
        ClusterScaling? previous = null;
        for (var at = fleet.Epoch; at < fleet.Epoch + TimeSpan.FromHours(1); at += demo.Interval)
        {
            var readings = demo.Read(at);
            var oregon = readings.Single(r => r.Target == "oregon-a").Snapshot!;
            rows.AddRange(changes.Between(new ChangeContext(ScalingPanel.Tile("oregon-a"), at, IsDemo: true) { PreviousTakenAt = previous?.ObservedAt }, previous, oregon, at));
            headlines.Add(oregon.Headline);
            Assert.Equal(DemoPodReadinessSource.MdnWebReplicas(at - fleet.Epoch), oregon.Autoscalers.Single(a => a.Key == "mdn-prod/web").CurrentReplicas);
            tokyoWarned |= readings.Single(r => r.Target == "tokyo").Snapshot is { Health: DataHealth.Warning, Why: var why } && why!.Contains("ScalingActive=False", StringComparison.Ordinal);
            previous = oregon;
        }

        Assert.True(demo.Info.IsDemo);
        Assert.Contains("mdn-prod/web 20/20 at max", headlines);
        Assert.StartsWith("mdn-prod/web scaled 6 → 7", rows[0].Message, StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Message.StartsWith("mdn-prod/web scaled 19 → 20, its max", StringComparison.Ordinal) && r.Severity == TimelineSeverity.Warning);
        Assert.Contains(rows, r => r.Message.StartsWith("mdn-prod/web scaled 7 → 6, its min", StringComparison.Ordinal));
        Assert.All(rows, r => Assert.True(r.IsDemo));
        Assert.True(tokyoWarned, "tokyo's bedrock HPA should lose its metrics within the hour");
    }

    [Fact]
    public void A_wrong_warning_threshold_fails_at_start_naming_its_key()
    {
        var result = new ScalingOptionsValidator().Validate(null, new ScalingOptions { WarnAtMaxAfter = TimeSpan.Zero });

        Assert.True(result.Failed);
        Assert.Contains("Dashboard:Scaling:WarnAtMaxAfter", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(new ScalingOptionsValidator().Validate(null, new ScalingOptions()).Succeeded);
    }

    private static Autoscaler Web(int replicas, DateTimeOffset lastScale) =>
        Projected(new V2HorizontalPodAutoscalerBuilder("web", "mdn-prod").Between(6, 20).Cpu(replicas == 20 ? 92 : 60, 70).Replicas(replicas, lastScale: lastScale.UtcDateTime).Build());

    private static Autoscaler Projected(k8s.Models.V2HorizontalPodAutoscaler hpa) => AutoscalerProjection.From(hpa, new StringPool());

    private static ClusterScaling Cluster(DateTimeOffset at, params Autoscaler[] autoscalers) => new("oregon-a", autoscalers, at, TimeSpan.FromMinutes(10));

    private static ChangeContext Context(ClusterScaling after, ClusterScaling? before) =>
        new(ScalingPanel.Tile("oregon-a"), after.ObservedAt, IsDemo: false) { PreviousTakenAt = before?.ObservedAt };
}
