using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

/// <summary>Kubernetes Warning events and container restarts as timeline rows.</summary>
public sealed class PodEventsChangesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly PanelKey Tile = new(PodsPanel.Kind, "oregon-b", "oregon-b");
    private static readonly PodInfo Kumascript = new PodBuilder("kumascript-5c4b-q8x7z").OwnedBy(WorkloadKind.Deployment, "kumascript").Build();

    private static ChangeContext At(DateTimeOffset t) => new(Tile, t, IsDemo: false) { PreviousTakenAt = t.AddSeconds(-5) };

    private static ClusterPods Pods(params WarningEvent[] events) => new("oregon-b", []) { Pods = [Kumascript], Events = events };

    private static WarningEvent BackOff(int count, DateTimeOffset first, DateTimeOffset last) =>
        new("uid-1", "mdn-prod", "Pod", Kumascript.Name, "BackOff", "Back-off restarting failed container kumascript", count, first, last);

    [Fact]
    public void Repeats_of_an_event_within_the_gap_grow_one_row_and_a_repeat_after_a_quiet_spell_opens_another()
    {
        var bursts = new WarningEventBursts();

        var first = Assert.Single(bursts.Observe(At(T0), Pods(BackOff(3, T0.AddMinutes(-2), T0)), T0));
        var grown = Assert.Single(bursts.Observe(At(T0.AddMinutes(3)), Pods(BackOff(7, T0.AddMinutes(-2), T0.AddMinutes(3))), T0.AddMinutes(3)));
        Assert.Empty(bursts.Observe(At(T0.AddMinutes(4)), Pods(BackOff(7, T0.AddMinutes(-2), T0.AddMinutes(3))), T0.AddMinutes(4)));
        var later = Assert.Single(bursts.Observe(At(T0.AddMinutes(30)), Pods(BackOff(9, T0.AddMinutes(-2), T0.AddMinutes(30))), T0.AddMinutes(30)));

        Assert.Equal((T0.AddMinutes(-2), 3, TimelineSeverity.Critical, "Deployment/kumascript"), (first.At, first.Count, first.Severity, first.Owner));
        Assert.Equal((first.Id, 7, T0.AddMinutes(3)), (grown.Id, grown.Count, grown.Until));
        Assert.NotEqual(first.Id, later.Id);
        Assert.Equal((T0.AddMinutes(30), 2), (later.At, later.Count));
        Assert.Equal(("mdn-prod", "Pod/kumascript-5c4b-q8x7z", "BackOff"), (later.Namespace, later.InvolvedObject, later.Reason));
    }

    [Fact]
    public void A_burst_written_before_a_restart_is_continued_not_counted_again()
    {
        var before = new WarningEventBursts();
        var written = before.Observe(At(T0), Pods(BackOff(3, T0.AddMinutes(-2), T0)), T0).Single();

        var after = new WarningEventBursts();
        after.Seed([written]);
        var continued = Assert.Single(after.Observe(At(T0.AddMinutes(2)), Pods(BackOff(5, T0.AddMinutes(-2), T0.AddMinutes(2))), T0.AddMinutes(2)));

        Assert.Equal((written.Id, 5), (continued.Id, continued.Count));
    }

    [Theory]
    [InlineData("Unhealthy", TimelineSeverity.Warning)]
    [InlineData("FailedScheduling", TimelineSeverity.Warning)]
    [InlineData("BackOff", TimelineSeverity.Critical)]
    [InlineData("OOMKilling", TimelineSeverity.Critical)]
    [InlineData("NodeNotReady", TimelineSeverity.Critical)]
    public void Event_reasons_map_to_severities(string reason, TimelineSeverity severity) =>
        Assert.Equal(severity, WarningEventBursts.SeverityOf(reason));

    [Fact]
    public void A_restart_is_written_once_with_its_exit_reason_and_an_oom_kill_is_critical()
    {
        var restarts = new PodRestarts();
        var baseline = new ClusterPods("oregon-b", []) { Pods = [new PodBuilder("web-1").Restarted(2).TerminatedAt(T0.AddHours(-3)).Build()] };
        var oom = new ClusterPods("oregon-b", []) { Pods = [new PodBuilder("web-1").Restarted(3, "OOMKilled").TerminatedAt(T0.AddSeconds(-1)).Build()] };

        Assert.Empty(restarts.Observe(At(T0.AddSeconds(-5)), baseline));
        var row = Assert.Single(restarts.Observe(At(T0), oom));
        Assert.Empty(restarts.Observe(At(T0.AddSeconds(5)), oom));

        Assert.Equal((TimelineSeverity.Critical, "Restarted", T0.AddSeconds(-1), "Deployment/web"), (row.Severity, row.Reason, row.At, row.Owner));
        Assert.Equal("web-1 restarted, last exit: OOMKilled; 3 restarts in all", row.Message);
    }

    [Fact]
    public void A_first_restart_is_one_restart_in_all_not_one_restarts()
    {
        var restarts = new PodRestarts();
        Assert.Empty(restarts.Observe(At(T0.AddSeconds(-5)), new ClusterPods("oregon-b", []) { Pods = [new PodBuilder("web-1").Build()] }));

        var row = Assert.Single(restarts.Observe(At(T0), new ClusterPods("oregon-b", []) { Pods = [new PodBuilder("web-1").Restarted(1).TerminatedAt(T0.AddSeconds(-1)).Build()] }));

        Assert.Equal("web-1 restarted, last exit: Error; 1 restart in all", row.Message);
    }
}
