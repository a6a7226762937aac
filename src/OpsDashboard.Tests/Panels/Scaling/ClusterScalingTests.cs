using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Scaling;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Panels.Scaling;

/// <summary>A cluster's HPAs held in its state on a fake clock, and the tile they make.</summary>
public sealed class ClusterScalingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 14, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ClusterState _state;

    public ClusterScalingTests() => _state = new ClusterState("oregon-a", _clock, [ScalingOnClusters.Autoscalers]);

    private KeyedSink<V2HorizontalPodAutoscaler, (string Namespace, string Name), Autoscaler> Sink => _state.Sink(ScalingOnClusters.Autoscalers);

    [Fact]
    public void An_hpa_seen_at_its_max_turns_the_tile_WARNING_after_ten_minutes_there_and_the_count_starts_again_when_it_leaves()
    {
        List(Web(replicas: 20), Kumascript());

        var first = Snapshot();
        Assert.Equal((DataHealth.Ok, "mdn-prod/web 20/20 at max", null), (first.Health, first.Headline, first.Why));

        _clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(DataHealth.Ok, Snapshot().Health);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var held = Snapshot();
        Assert.Equal(DataHealth.Warning, held.Health);
        Assert.Equal("mdn-prod/web at its max of 20 for 10 min (cpu 92%/70%)", held.Why);

        Sink.Apply(WatchEventType.Modified, Web(replicas: 12));
        Assert.Equal((DataHealth.Ok, "2 HPAs, none at max"), (Snapshot().Health, Snapshot().Headline));

        Sink.Apply(WatchEventType.Modified, Web(replicas: 20));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((DataHealth.Ok, TimeSpan.FromMinutes(5)), (Snapshot().Health, Snapshot().AtMaxFor(Snapshot().AtMax[0])));
    }

    [Fact]
    public void An_hpa_at_its_max_has_been_there_since_its_last_scale_as_the_api_server_says_even_when_first_seen_now()
    {
        List(Web(replicas: 20, lastScale: Start.AddMinutes(-12)));

        var snapshot = Snapshot();

        Assert.Equal(DataHealth.Warning, snapshot.Health);
        Assert.Equal("mdn-prod/web at its max of 20 for 12 min (cpu 92%/70%)", snapshot.Why);
    }

    public static TheoryData<string, DataHealth, string, string?> Cases() => new()
    {
        { "none", DataHealth.Ok, "no autoscalers", null },
        { "one", DataHealth.Ok, "1 HPA, not at max", null },
        { "within range", DataHealth.Ok, "2 HPAs, none at max", null },
        { "metrics missing", DataHealth.Warning, "2 HPAs, none at max", "mdn-prod/api ScalingActive=False (FailedGetResourceMetric)" },
        { "scale unreadable", DataHealth.Warning, "2 HPAs, none at max", "mdn-prod/api AbleToScale=False (FailedGetScale)" },
        { "held and stuck", DataHealth.Warning, "mdn-prod/web 20/20 at max", "mdn-prod/web at its max of 20 for 15 min (cpu 92%/70%); mdn-prod/api ScalingActive=False (FailedGetResourceMetric)" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_tile_warns_of_an_hpa_held_at_its_max_or_unable_to_scale(string scenario, DataHealth health, string headline, string? why)
    {
        var api = new V2HorizontalPodAutoscalerBuilder("api", "mdn-prod").Between(2, 5).Cpu(40, 80).Replicas(2);
        List(scenario switch
        {
            "none" => [],
            "one" => [Web(replicas: 8)],
            "within range" => [Web(replicas: 8), api.Build()],
            "metrics missing" => [Web(replicas: 8), api.MetricsUnavailable().Build()],
            "scale unreadable" => [Web(replicas: 8), api.Condition("AbleToScale", false, "FailedGetScale", "the HPA controller was unable to get the target's current scale").Build()],
            _ => [Web(replicas: 20, lastScale: Start.AddMinutes(-15)), api.MetricsUnavailable().Build()],
        });

        var snapshot = Snapshot();

        Assert.Equal((health, headline, why), (snapshot.Health, snapshot.Headline, snapshot.Why));
    }

    [Fact]
    public void The_projection_keeps_replica_bounds_every_metric_and_the_conditions_and_names_the_metric_pushing_hardest()
    {
        var hpa = new V2HorizontalPodAutoscalerBuilder("bedrock-web", "bedrock-prod").Between(null, 12).Cpu(45, 70).PodsMetric("http_requests", "250", "100")
            .Replicas(6, desired: 9, lastScale: Start.UtcDateTime).AtMax().Build();

        var projected = AutoscalerProjection.From(hpa, new StringPool());

        Assert.Equal((1, 12, 6, 9, "Deployment/bedrock-web", Start), (projected.MinReplicas, projected.MaxReplicas, projected.CurrentReplicas, projected.DesiredReplicas, $"{projected.TargetKind}/{projected.TargetName}", projected.LastScaleTime!.Value));
        Assert.Equal(["cpu 45%/70%", "http_requests 250/100"], projected.Metrics.Select(m => m.ToString()));
        Assert.Equal("http_requests", projected.Driving!.Name);
        Assert.Equal(("TooManyReplicas", true), (projected.Condition(Autoscaler.ScalingLimited)!.Reason, projected.Condition(Autoscaler.ScalingLimited)!.Status!.Value));
        Assert.Null(projected.Stuck);
    }

    private static V2HorizontalPodAutoscaler Web(int replicas, DateTimeOffset? lastScale = null) =>
        new V2HorizontalPodAutoscalerBuilder("web", "mdn-prod").Between(6, 20).Cpu(replicas == 20 ? 92 : 60, 70).Replicas(replicas, lastScale: lastScale?.UtcDateTime).Build();

    private static V2HorizontalPodAutoscaler Kumascript() =>
        new V2HorizontalPodAutoscalerBuilder("kumascript", "mdn-prod").Between(2, 8).Cpu(41, 70).Replicas(3).Build();

    private void List(params V2HorizontalPodAutoscaler[] items)
    {
        Sink.BeginList();
        Sink.AddPage(items);
        Sink.EndList();
    }

    private ClusterScaling Snapshot() => _state.ScalingSnapshot(_clock.GetUtcNow(), new ScalingOptions().WarnAtMaxAfter);
}
