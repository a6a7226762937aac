using k8s.Models;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Panels.Rollouts;

/// <summary>Every branch of kubectl's rollout_status.go, through the projection the panel keeps, in kubectl's words.</summary>
public sealed class RolloutStatusTests
{
    public static TheoryData<string, RolloutOutcome, string> Deployments() => new()
    {
        { "not observed", RolloutOutcome.InProgress, "Waiting for deployment spec update to be observed..." },
        { "deadline exceeded", RolloutOutcome.Failed, "deployment \"bedrock-web\" exceeded its progress deadline" },
        { "updating", RolloutOutcome.InProgress, "Waiting for deployment \"bedrock-web\" rollout to finish: 3 out of 10 new replicas have been updated..." },
        { "old pending termination", RolloutOutcome.InProgress, "Waiting for deployment \"bedrock-web\" rollout to finish: 2 old replicas are pending termination..." },
        { "updated not available", RolloutOutcome.InProgress, "Waiting for deployment \"bedrock-web\" rollout to finish: 7 of 10 updated replicas are available..." },
        { "paused", RolloutOutcome.InProgress, "Waiting for deployment \"bedrock-web\" rollout to finish: 3 out of 10 new replicas have been updated..." },
        { "complete", RolloutOutcome.Complete, "deployment \"bedrock-web\" successfully rolled out" },
    };

    public static TheoryData<string, RolloutOutcome, string> StatefulSets() => new()
    {
        { "on delete", RolloutOutcome.Failed, "rollout status is only available for RollingUpdate strategy type" },
        { "never observed", RolloutOutcome.InProgress, "Waiting for statefulset spec update to be observed..." },
        { "not ready", RolloutOutcome.InProgress, "Waiting for 2 pods to be ready..." },
        { "partitioned, updating", RolloutOutcome.InProgress, "Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated..." },
        { "partitioned, done", RolloutOutcome.Complete, "partitioned roll out complete: 2 new pods have been updated..." },
        { "no rollingUpdate, updating", RolloutOutcome.InProgress, "waiting for statefulset rolling update to complete 2 pods at revision sumo-redis-7f9d5c8b6..." },
        { "no rollingUpdate, done", RolloutOutcome.Complete, "statefulset rolling update complete 5 pods at revision sumo-redis-6d4b7c9f8..." },
    };

    public static TheoryData<string, RolloutOutcome, string> DaemonSets() => new()
    {
        { "on delete", RolloutOutcome.Failed, "rollout status is only available for RollingUpdate strategy type" },
        { "not observed", RolloutOutcome.InProgress, "Waiting for daemon set spec update to be observed..." },
        { "updating", RolloutOutcome.InProgress, "Waiting for daemon set \"fluentd\" rollout to finish: 2 out of 6 new pods have been updated..." },
        { "updated not available", RolloutOutcome.InProgress, "Waiting for daemon set \"fluentd\" rollout to finish: 5 of 6 updated pods are available..." },
        { "complete", RolloutOutcome.Complete, "daemon set \"fluentd\" successfully rolled out" },
    };

    [Theory]
    [MemberData(nameof(Deployments))]
    public void A_deployment_is_judged_as_kubectl_judges_it(string scenario, RolloutOutcome outcome, string message) =>
        Assert.Equal(new RolloutVerdict(outcome, message), RolloutStatus.Of(RolloutProjection.From(Deployment(scenario), new StringPool())));

    [Theory]
    [MemberData(nameof(StatefulSets))]
    public void A_statefulset_is_judged_as_kubectl_judges_it(string scenario, RolloutOutcome outcome, string message) =>
        Assert.Equal(new RolloutVerdict(outcome, message), RolloutStatus.Of(RolloutProjection.From(StatefulSet(scenario), new StringPool())));

    [Theory]
    [MemberData(nameof(DaemonSets))]
    public void A_daemonset_is_judged_as_kubectl_judges_it(string scenario, RolloutOutcome outcome, string message) =>
        Assert.Equal(new RolloutVerdict(outcome, message), RolloutStatus.Of(RolloutProjection.From(DaemonSet(scenario), new StringPool())));

    [Fact]
    public void The_spec_not_yet_observed_wins_over_an_exceeded_deadline_as_in_kubectl()
    {
        var d = new V1DeploymentBuilder("bedrock-web").DeadlineExceeded().NotObservedYet().Build();

        Assert.Equal(RolloutOutcome.InProgress, RolloutStatus.Of(RolloutProjection.From(d, new StringPool())).Outcome);
    }

    /// <summary>The scenarios by name: the kubectl peer test builds the same objects and asks kubectl.</summary>
    public static V1Deployment Deployment(string scenario)
    {
        var d = new V1DeploymentBuilder("bedrock-web", "bedrock-prod").Replicas(10);
        return (scenario switch
        {
            "not observed" => d.RollingOut(updated: 3, available: 9).NotObservedYet(),
            "deadline exceeded" => d.RollingOut(updated: 3, available: 8, total: 12).DeadlineExceeded(),
            "updating" => d.RollingOut(updated: 3, available: 8, total: 12),
            "old pending termination" => d.RollingOut(updated: 10, available: 10, total: 12),
            "updated not available" => d.RollingOut(updated: 10, available: 7),
            "paused" => d.RollingOut(updated: 3, available: 10, total: 12).Paused(),
            "complete" => d,
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        }).Build();
    }

    public static V1StatefulSet StatefulSet(string scenario)
    {
        var s = new V1StatefulSetBuilder("sumo-redis", "sumo-prod").Replicas(5);
        return (scenario switch
        {
            "on delete" => s.OnDelete(),
            "never observed" => s.NeverObserved(),
            "not ready" => s.NotReady(3),
            "partitioned, updating" => s.Partitioned(3, updated: 1),
            "partitioned, done" => s.Partitioned(3, updated: 2),
            "no rollingUpdate, updating" => s.UpdatingWithoutRollingUpdate(updated: 2),
            "no rollingUpdate, done" => s.WithoutRollingUpdate(),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        }).Build();
    }

    public static V1DaemonSet DaemonSet(string scenario)
    {
        var d = new V1DaemonSetBuilder("fluentd").Nodes(6);
        return (scenario switch
        {
            "on delete" => d.OnDelete(),
            "not observed" => d.RollingOut(updated: 2, available: 5).NotObservedYet(),
            "updating" => d.RollingOut(updated: 2, available: 5),
            "updated not available" => d.RollingOut(updated: 6, available: 5),
            "complete" => d,
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        }).Build();
    }
}
