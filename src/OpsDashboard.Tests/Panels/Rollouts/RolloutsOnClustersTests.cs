using k8s;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Panels.Rollouts;

/// <summary>A cluster's rollouts from what its watches keep: the new revision's pods, the deadline, the finished hour.</summary>
public sealed class RolloutsOnClustersTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ClusterState _state;

    public RolloutsOnClustersTests() => _state = new ClusterState("frankfurt", _clock, RolloutsOnClusters.All);

    [Fact]
    public void Only_pods_of_the_new_revision_that_cannot_start_make_a_rollout_fail()
    {
        Apply(PodsOnClusters.Deployments, new V1DeploymentBuilder("bedrock-web", "bedrock-prod").Replicas(10).RollingOut(updated: 3, available: 8, total: 11).Build());
        Apply(RolloutsOnClusters.ReplicaSets, V1ReplicaSetBuilder.Of("bedrock-web", "bedrock-prod", "6f8d9c7b5", revision: 7, replicas: 8));
        Apply(RolloutsOnClusters.ReplicaSets, V1ReplicaSetBuilder.Of("bedrock-web", "bedrock-prod", "84c5f7d9b", revision: 8, replicas: 3));
        Apply(PodsOnClusters.Pods, new V1PodBuilder("bedrock-web-old-1", "bedrock-prod").OfReplicaSet("bedrock-web", "6f8d9c7b5").CrashLooping().Build());
        foreach (var i in new[] { 1, 2, 3 })
        {
            Apply(PodsOnClusters.Pods, new V1PodBuilder($"bedrock-web-new-{i}", "bedrock-prod").OfReplicaSet("bedrock-web", "84c5f7d9b").Waiting(i == 3 ? "ErrImagePull" : "ImagePullBackOff").Build());
        }

        var snapshot = _state.RolloutsSnapshot(_clock.GetUtcNow());

        var rollout = Assert.Single(snapshot.Rollouts);
        Assert.Equal((RolloutPhase.Failing, new FailingPods(3, "ImagePullBackOff")), (rollout.Phase, rollout.Failing));
        Assert.Equal(DataHealth.Warning, snapshot.Health);
        Assert.Equal("1 stalled", snapshot.Headline);
        Assert.Equal("bedrock-prod/bedrock-web 3/10 updated, 2 unavailable: ImagePullBackOff on 3 new pods", snapshot.Why);
    }

    [Fact]
    public void A_rollout_past_its_progress_deadline_is_critical_and_says_so()
    {
        Apply(PodsOnClusters.Deployments, new V1DeploymentBuilder("bedrock-web", "bedrock-prod").Replicas(10).RollingOut(updated: 3, available: 8, total: 11).DeadlineExceeded().Build());
        Apply(PodsOnClusters.Deployments, new V1DeploymentBuilder("bedrock-clock", "bedrock-prod").Replicas(1).Build());

        var snapshot = _state.RolloutsSnapshot(_clock.GetUtcNow());

        Assert.Equal((DataHealth.Critical, "1 stalled"), (snapshot.Health, snapshot.Headline));
        Assert.Equal("bedrock-prod/bedrock-web 3/10 updated, 2 unavailable: progress deadline exceeded", snapshot.Why);
        Assert.Equal("deployment \"bedrock-web\" exceeded its progress deadline", Assert.Single(snapshot.Rollouts).Verdict);
    }

    [Fact]
    public void A_statefulset_seen_finishing_is_listed_as_finished_for_an_hour_then_no_more()
    {
        Apply(PodsOnClusters.StatefulSets, new V1StatefulSetBuilder("sumo-redis", "sumo-prod").Replicas(5).Partitioned(0, updated: 2).Build());
        var during = _state.RolloutsSnapshot(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(3));
        Apply(PodsOnClusters.StatefulSets, new V1StatefulSetBuilder("sumo-redis", "sumo-prod").Replicas(5).Build());

        var finished = _state.RolloutsSnapshot(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(61));
        var later = _state.RolloutsSnapshot(_clock.GetUtcNow());

        Assert.Equal((RolloutPhase.Progressing, "1 rolling out", DataHealth.Ok), (Assert.Single(during.Rollouts).Phase, during.Headline, during.Health));
        Assert.Equal((RolloutPhase.Complete, (DateTimeOffset?)Start.AddMinutes(3)), (Assert.Single(finished.Rollouts).Phase, finished.Rollouts[0].FinishedAt));
        Assert.Equal(1, finished.FinishedLastHour);
        Assert.Empty(later.Rollouts);
        Assert.Equal("1 rolled out", later.Headline);
    }

    [Fact]
    public void A_deployment_says_itself_when_it_finished()
    {
        var d = new V1DeploymentBuilder("bedrock-web", "bedrock-prod").Build();
        var finishedAt = new DateTime(2026, 11, 22, 8, 40, 0, DateTimeKind.Utc);
        d.Status.Conditions.Single(c => c.Type == "Progressing").LastUpdateTime = finishedAt;
        Apply(PodsOnClusters.Deployments, d);

        var rollout = Assert.Single(_state.RolloutsSnapshot(_clock.GetUtcNow()).Rollouts);

        Assert.Equal((RolloutPhase.Complete, (DateTimeOffset?)new DateTimeOffset(finishedAt)), (rollout.Phase, rollout.FinishedAt));
        Assert.Equal("bedrock-web rolled out, 3/3 updated", rollout.Summary);
    }

    public static TheoryData<string, RolloutPhase?> Phases() => new()
    {
        { "paused", RolloutPhase.Paused },
        { "updating", RolloutPhase.Progressing },
        { "deadline exceeded", RolloutPhase.Stalled },
        { "complete", null },
    };

    [Theory]
    [MemberData(nameof(Phases))]
    public void Each_deployment_scenario_takes_its_phase(string scenario, RolloutPhase? phase)
    {
        var w = RolloutProjection.From(RolloutStatusTests.Deployment(scenario), new StringPool());

        // Finished long before the hour: not listed.
        Assert.Equal(phase, RolloutJudge.Judge(w, null, Start.AddHours(-3), Start)?.Phase);
    }

    [Fact]
    public void A_statefulset_kubectl_cannot_judge_is_not_listed()
    {
        var w = RolloutProjection.From(RolloutStatusTests.StatefulSet("on delete"), new StringPool());

        Assert.Null(RolloutJudge.Judge(w, new FailingPods(1, "CrashLoopBackOff"), null, Start));
    }

    private void Apply<TObj, TKey, TValue>(WatchedResource<TObj, TKey, TValue> resource, TObj item)
        where TObj : IKubernetesObject<k8s.Models.V1ObjectMeta>
        where TKey : notnull =>
        _state.Sink(resource).Apply(WatchEventType.Added, item);
}
