using OpsDashboard.Panels.Pods;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Panels.Pods;

public sealed class PodReadinessAggregatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static ClusterPods Aggregate(IEnumerable<PodInfo> pods, IEnumerable<WorkloadSpec>? specs = null, IEnumerable<WarningEvent>? events = null, Dictionary<string, int>? restarts = null)
    {
        var list = pods.ToList();
        var inputs = new ClusterPodInputs(
            list,
            list.ToDictionary(p => (p.Namespace, p.Name)),
            (specs ?? []).ToDictionary(s => (s.Namespace, s.Kind, s.Name)),
            [.. events ?? []],
            p => restarts?.GetValueOrDefault(p.Name) ?? 0,
            (e, _) => e.Count);
        return PodReadinessAggregator.Aggregate("oregon-a", inputs, Now);
    }

    [Fact]
    public void Pods_are_grouped_by_workload_and_measured_against_the_spec()
    {
        var result = Aggregate(
            [new PodBuilder("web-a").Build(), new PodBuilder("web-b").NotReady().Build(), new PodBuilder("api-a").OwnedBy(WorkloadKind.Deployment, "api").Build()],
            [new WorkloadSpec("mdn-prod", WorkloadKind.Deployment, "web", 3), new WorkloadSpec("mdn-prod", WorkloadKind.Deployment, "api", 1)]);

        var web = result.Workloads.Single(w => w.Name == "web");
        Assert.Equal((1, 3), (web.Ready, web.Desired));
        Assert.Equal("mdn-prod/web: 2 of 3 not ready", web.Why);
        Assert.Equal("web", result.Workloads[0].Name);
        Assert.Equal("2 / 4 ready", result.Headline);
    }

    [Fact]
    public void A_crash_loop_ranks_first_and_says_why_with_the_last_exit()
    {
        var result = Aggregate(
            [new PodBuilder("web-a").NotReady().Build(), new PodBuilder("kumascript-a").OwnedBy(WorkloadKind.Deployment, "kumascript").CrashLooping().Build()],
            restarts: new() { ["kumascript-a"] = 9 });

        Assert.Equal("kumascript", result.Workloads[0].Name);
        Assert.Equal("mdn-prod/kumascript: CrashLoopBackOff (last exit: OOMKilled)", result.Workloads[0].Why);
        Assert.Equal(9, result.Workloads[0].RestartsLastHour);
        Assert.Equal(OpsDashboard.Pipeline.DataHealth.Critical, result.Health);
    }

    [Fact]
    public void Probe_failures_come_from_Unhealthy_events_of_the_workloads_pods()
    {
        var pod = new PodBuilder("web-a").Build();
        var failing = new WarningEvent("uid-1", "mdn-prod", "Pod", "web-a", "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 503", 14, Now.AddMinutes(-9), Now.AddSeconds(-5));
        var old = new WarningEvent("uid-2", "mdn-prod", "Pod", "web-a", "Unhealthy", "Readiness probe failed: timeout", 50, Now.AddHours(-2), Now.AddMinutes(-30));

        var web = Aggregate([pod], events: [failing, old]).Workloads.Single();

        Assert.Equal(14, web.ProbeFailures);
        Assert.Equal("mdn-prod/web: liveness probe failed: HTTP 503 14× in 10 min", web.Why);
    }

    [Fact]
    public void Pods_of_two_revisions_show_a_rollout_in_progress()
    {
        var web = Aggregate(
            [new PodBuilder("web-old").Revision("aaa").Build(), new PodBuilder("web-new").Revision("bbb").NotReady().Build()],
            [new WorkloadSpec("mdn-prod", WorkloadKind.Deployment, "web", 2)]).Workloads.Single();

        Assert.True(web.RolloutInProgress);
        Assert.Equal("mdn-prod/web: rollout in progress, 1 not ready", web.Why);
    }

    [Fact]
    public void A_workload_with_no_pods_at_all_is_shown_with_zero_ready()
    {
        var result = Aggregate([], [new WorkloadSpec("sumo-prod", WorkloadKind.StatefulSet, "sumo-redis", 1)]);

        var redis = result.Workloads.Single();
        Assert.Equal((0, 1), (redis.Ready, redis.Desired));
        Assert.Equal(OpsDashboard.Pipeline.DataHealth.Critical, result.Health);
    }

    [Fact]
    public void Completed_job_pods_do_not_count_as_not_ready()
    {
        var result = Aggregate([new PodBuilder("cleanup-28473920-abcde").OwnedBy(WorkloadKind.CronJob, "cleanup").Succeeded().Build()]);

        var cleanup = result.Workloads.Single();
        Assert.Equal((0, 0), (cleanup.Ready, cleanup.Desired));
        Assert.False(cleanup.IsDegraded);
    }

    [Fact]
    public void A_workload_ready_again_after_restarts_is_not_degraded_its_restarts_are_said_apart_and_the_tile_is_ok()
    {
        var result = Aggregate(
            [new PodBuilder("web-a").Restarted(1).Build(), new PodBuilder("web-b").Build(), new PodBuilder("api-a").OwnedBy(WorkloadKind.Deployment, "api").NotReady().Build()],
            restarts: new() { ["web-a"] = 1 });

        var web = result.Workloads.Single(w => w.Name == "web");
        Assert.False(web.IsDegraded);
        Assert.True(web.RestartedRecently);
        Assert.Equal("mdn-prod/web: 1 restart in the last hour, all ready now", web.Why);
        Assert.Equal(["api"], result.Degraded.Select(w => w.Name));
        Assert.Equal(["web"], result.RestartedRecently.Select(w => w.Name));
        Assert.Equal(1, result.Figures.Single(f => f.Name == "workloads_degraded").Value);
    }

    [Theory]
    [InlineData(0, false, OpsDashboard.Pipeline.DataHealth.Ok)]
    [InlineData(3, false, OpsDashboard.Pipeline.DataHealth.Ok)]
    [InlineData(3, true, OpsDashboard.Pipeline.DataHealth.Warning)]
    [InlineData(0, true, OpsDashboard.Pipeline.DataHealth.Warning)]
    public void Restarts_alone_with_every_pod_ready_leave_the_tile_ok_and_a_pod_not_ready_now_warns(int restarts, bool oneNotReady, OpsDashboard.Pipeline.DataHealth health)
    {
        var b = new PodBuilder("web-b");
        var result = Aggregate([new PodBuilder("web-a").Restarted(restarts).Build(), oneNotReady ? b.NotReady().Build() : b.Build()], restarts: new() { ["web-a"] = restarts });

        Assert.Equal(health, result.Health);
        Assert.Equal(oneNotReady ? 1 : 0, result.Degraded.Count());
    }
}
