using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Demo;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Rollouts;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Panels.Rollouts;

/// <summary>The demo's hour as the tiles and the timeline tell it: bedrock region by region, the frankfurt stall, the rollback.</summary>
public sealed class DemoRolloutsStoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly DemoFleet _fleet = new(new FakeTimeProvider(Start), Options.Create(new DemoOptions()));

    public static TheoryData<string, double, DataHealth, string, string?> Tiles() => new()
    {
        { "oregon-b", 1, DataHealth.Ok, "5 rolled out", null },
        { "oregon-b", 4, DataHealth.Ok, "1 rolling out", null },
        { "frankfurt", 15, DataHealth.Warning, "1 stalled", "bedrock-prod/bedrock-web 3/10 updated, 2 unavailable: ImagePullBackOff on 3 new pods" },
        { "frankfurt", 21, DataHealth.Critical, "1 stalled", "bedrock-prod/bedrock-web 3/10 updated, 2 unavailable: progress deadline exceeded; ImagePullBackOff on 3 new pods" },
        { "frankfurt", 30, DataHealth.Ok, "4 rolled out", null },
        { "tokyo", 42, DataHealth.Ok, "1 rolling out", null },
    };

    [Theory]
    [MemberData(nameof(Tiles))]
    public void The_tiles_tell_the_story(string cluster, double minute, DataHealth health, string headline, string? why)
    {
        var tile = Read(cluster, minute);

        Assert.Equal((health, headline, why), (tile.Health, tile.Headline, tile.Why));
    }

    [Fact]
    public void Finished_rollouts_stay_listed_for_the_hour()
    {
        var tile = Read("oregon-b", 20);

        var done = Assert.Single(tile.Rollouts);
        Assert.Equal((RolloutPhase.Complete, _fleet.Epoch + TimeSpan.FromMinutes(7)), (done.Phase, done.FinishedAt));
        Assert.Equal(1, tile.FinishedLastHour);
    }

    [Fact]
    public void The_timeline_has_frankfurt_start_stall_deadline_rollback_and_the_rollouts_that_finished()
    {
        // The first reading also tells of the last hour's rollout that finished before the demo's start: not this story.
        var rows = Rows("frankfurt", TimeSpan.FromMinutes(50));
        var (from, to) = (Tag(Read("frankfurt", 5)), Tag(Read("frankfurt", 12)));

        Assert.Equal(
        [
            ("rollout started", TimelineSeverity.Info, $"bedrock-web rolling out {from} → {to}"),
            ("rollout stalled", TimelineSeverity.Warning, "bedrock-web stalled: 3/10 updated, 2 unavailable: ImagePullBackOff on 3 new pods"),
            ("rollout stalled", TimelineSeverity.Critical, "bedrock-web stalled: 3/10 updated, 2 unavailable: progress deadline exceeded; ImagePullBackOff on 3 new pods"),
            ("rolled back", TimelineSeverity.Info, $"bedrock-web rolled back {to} → {from}"),
            ("rolled out", TimelineSeverity.Info, $"bedrock-web rolled out {to} → {from}"),
            ("rollout started", TimelineSeverity.Info, $"bedrock-web rolling out {from} → {to}"),
            ("rolled out", TimelineSeverity.Info, $"bedrock-web rolled out {from} → {to}"),
        ], rows.Where(r => r.At >= _fleet.Epoch).Select(r => (r.Reason, r.Severity, r.Message)));
        Assert.All(rows, r => Assert.True(r.IsDemo));
        Assert.Equal(_fleet.Epoch + TimeSpan.FromMinutes(25.5), rows.Single(r => r.Message == $"bedrock-web rolled out {to} → {from}").At);
    }

    [Fact]
    public void It_is_labelled_demo_and_tokyo_goes_out_of_reach_as_in_the_other_demo_panels()
    {
        var source = new DemoRolloutsSource(_fleet);

        Assert.True(source.Info.IsDemo);
        Assert.NotNull(source.Read(_fleet.Epoch + TimeSpan.FromMinutes(41)).Single(r => r.Target == "tokyo").Error);
        Assert.All(Read("frankfurt", 12).Rollouts.SelectMany(r => r.Images), i => Assert.StartsWith("demo.invalid/", i, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(15)]
    [InlineData(21)]
    public void The_pods_panel_shows_the_new_pods_the_stalled_rollout_cannot_start(double minute)
    {
        var frankfurt = DemoFleet.Clusters.Single(c => c.Name == "frankfurt");
        var rollout = Read("frankfurt", minute).Rollouts.Single(r => r.Name == "bedrock-web");

        var pods = DemoPodReadinessSource.Simulate(_fleet, frankfurt, _fleet.Epoch + TimeSpan.FromMinutes(minute));

        var web = pods.Workloads.Single(w => w.Name == "bedrock-web");
        var pulling = pods.Pods.Where(p => p.Owner.Name == "bedrock-web" && p.WaitingReason == "ImagePullBackOff").ToList();
        Assert.Equal(rollout.Failing!.Count, pulling.Count);
        Assert.All(pulling, p => Assert.Equal(rollout.Images, p.Images.Select(i => i.Image)));
        Assert.Equal((rollout.Desired, rollout.Available), (web.Desired, web.Ready));
        Assert.Equal("ImagePullBackOff", web.WaitingReason);
        Assert.Contains(pods.Events, e => e.Reason == "BackOff" && e.InvolvedName == pulling[0].Name && e.FirstSeen == _fleet.Epoch + TimeSpan.FromMinutes(10.5));
    }

    [Fact]
    public void Outside_the_stall_the_pods_panel_has_no_image_pull_failures()
    {
        var pods = DemoPodReadinessSource.Simulate(_fleet, DemoFleet.Clusters.Single(c => c.Name == "frankfurt"), _fleet.Epoch + TimeSpan.FromMinutes(30));

        Assert.DoesNotContain(pods.Pods, p => p.WaitingReason == "ImagePullBackOff");
        Assert.Equal(10, pods.Workloads.Single(w => w.Name == "bedrock-web").Ready);
    }

    private ClusterRollouts Read(string cluster, double minute) =>
        DemoRolloutsSource.Simulate(_fleet, DemoFleet.Clusters.Single(c => c.Name == cluster), _fleet.Epoch + TimeSpan.FromMinutes(minute));

    private static string Tag(ClusterRollouts tile) =>
        ImageTags.Tag(tile.Rollouts.FirstOrDefault(r => r.Name == "bedrock-web")?.Images[0] ?? throw new InvalidOperationException("bedrock-web not listed"));

    private List<TimelineEvent> Rows(string cluster, TimeSpan span)
    {
        var changes = new RolloutsPanel().CreateChanges();
        var tile = RolloutsPanel.Tile(cluster);
        var rows = new List<TimelineEvent>();
        (ClusterRollouts Snapshot, DateTimeOffset At)? before = null;
        for (var at = _fleet.Epoch; at <= _fleet.Epoch + span; at += TimeSpan.FromSeconds(5))
        {
            var now = DemoRolloutsSource.Simulate(_fleet, DemoFleet.Clusters.Single(c => c.Name == cluster), at);
            rows.AddRange(changes.Between(new ChangeContext(tile, at, IsDemo: true) { PreviousTakenAt = before?.At }, before?.Snapshot, now, at));
            before = (now, at);
        }

        return rows;
    }
}
