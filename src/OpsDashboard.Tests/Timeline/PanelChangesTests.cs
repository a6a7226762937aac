using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

/// <summary>What each panel's snapshots say happened between one reading and the next.</summary>
public sealed class PanelChangesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static ChangeContext Context(PanelKind panel, string group = "oregon-a", string? target = null) =>
        new(new PanelKey(panel, group, target ?? group), T0, IsDemo: false) { PreviousTakenAt = T0.AddSeconds(-5) };

    [Fact]
    public void A_node_going_NotReady_and_coming_back_gives_a_critical_row_and_a_recovery_with_how_long()
    {
        var ready = new ClusterNodesBuilder().Ready(2).ObservedAt(T0).Build();
        var sick = ready with { Nodes = [ready.Nodes[0] with { Readiness = NodeReadiness.NotReady, ReadinessReason = "KubeletNotReady", ReadinessSince = T0.AddSeconds(-3) }, ready.Nodes[1]] };

        var down = Assert.Single(NodeChanges.Between(Context(NodesPanel.Kind), ready, sick));
        var up = Assert.Single(NodeChanges.Between(Context(NodesPanel.Kind) with { TakenAt = T0.AddMinutes(4), PreviousTakenAt = T0.AddMinutes(3) }, sick, ready));

        Assert.Equal((TimelineSeverity.Critical, "NotReady", "Node/node-0", T0.AddSeconds(-3)), (down.Severity, down.Reason, down.InvolvedObject, down.At));
        Assert.Equal((TimelineSeverity.Info, "Ready"), (up.Severity, up.Reason));
        // The node says Ready since long ago, which the previous reading contradicts: the change is dated at that reading.
        Assert.Equal(T0.AddMinutes(3), up.At);
        Assert.Contains("Ready again after 3 min NotReady", up.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void At_first_sight_only_what_is_wrong_is_written()
    {
        var nodes = new ClusterNodesBuilder().Ready(3).NotReady(1).ObservedAt(T0).Build();

        var rows = NodeChanges.Between(Context(NodesPanel.Kind) with { PreviousTakenAt = null }, null, nodes).ToList();

        Assert.Equal(["Node/node-3"], rows.Select(r => r.InvolvedObject));
        Assert.Equal(T0.AddMinutes(-4), rows[0].At);
    }

    [Fact]
    public void Seeing_the_same_change_again_gives_the_same_row_id()
    {
        var ready = new ClusterNodesBuilder().Ready(1).ObservedAt(T0).Build();
        var sick = ready with { Nodes = [ready.Nodes[0] with { Readiness = NodeReadiness.NotReady, ReadinessSince = T0.AddSeconds(-2) }] };

        var first = NodeChanges.Between(Context(NodesPanel.Kind), ready, sick).Single();
        var again = NodeChanges.Between(Context(NodesPanel.Kind) with { PreviousTakenAt = null }, null, sick).Single();

        Assert.Equal(first.Id, again.Id);
    }

    [Fact]
    public void A_pod_db_going_stale_is_dated_when_it_passed_the_limit()
    {
        var fresh = Freshness(FreshnessState.Fresh, TimeSpan.FromMinutes(5));
        var stale = Freshness(FreshnessState.Stale, TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(2));

        var row = Assert.Single(FreshnessChanges.Between(Context(FreshnessPanel.Kind, "tokyo", "bedrock"), fresh, stale));
        var back = Assert.Single(FreshnessChanges.Between(Context(FreshnessPanel.Kind, "tokyo", "bedrock"), stale, fresh));

        Assert.Equal((TimelineSeverity.Warning, "Stale", T0.AddSeconds(-2)), (row.Severity, row.Reason, row.At));
        Assert.Contains("DB stale: 10 min old (max 10 min)", row.Message, StringComparison.Ordinal);
        Assert.Equal((TimelineSeverity.Info, "Fresh"), (back.Severity, back.Reason));
    }

    [Fact]
    public void An_import_writes_tables_loaded_milestones_a_stall_and_its_end()
    {
        var running = Import(0.49, idle: null);
        var half = Import(0.5, idle: null);
        var stalled = Import(0.5, idle: TimeSpan.FromMinutes(5));
        var moving = Import(0.52, idle: null);

        var toHalf = ImportChanges.Between(Context(RdsImportPanel.Kind, "AWS", "sumo"), running, half).ToList();
        var stall = Assert.Single(ImportChanges.Between(Context(RdsImportPanel.Kind, "AWS", "sumo"), half, stalled));
        var resumed = Assert.Single(ImportChanges.Between(Context(RdsImportPanel.Kind, "AWS", "sumo"), stalled, moving));

        Assert.Equal(["table loaded", "50 % loaded"], toHalf.Select(r => r.Reason));
        Assert.Equal("Table/t1", toHalf[0].InvolvedObject);
        Assert.Equal((TimelineSeverity.Warning, "stalled", T0.AddMinutes(-5)), (stall.Severity, stall.Reason, stall.At));
        Assert.Contains("running: ALTER TABLE", stall.Message, StringComparison.Ordinal);
        Assert.Equal("resumed", resumed.Reason);
    }

    [Fact]
    public void An_import_that_stops_short_writes_one_critical_row_dated_when_it_stopped_and_saying_what_was_loaded()
    {
        var running = Import(0.6, idle: null);
        var stopped = Import(0.6, idle: null) with { StoppedSince = T0.AddMinutes(-2) };

        var row = Assert.Single(ImportChanges.Between(Context(RdsImportPanel.Kind, "AWS", "sumo"), running, stopped));

        Assert.Equal((TimelineSeverity.Critical, "stopped", T0.AddMinutes(-2)), (row.Severity, row.Reason, row.At));
        Assert.StartsWith("sumo: no statement running since ", row.Message, StringComparison.Ordinal);
        Assert.Contains("1 / 2 tables loaded: the import stopped or was aborted", row.Message, StringComparison.Ordinal);
        Assert.Empty(ImportChanges.Between(Context(RdsImportPanel.Kind, "AWS", "sumo"), stopped, stopped));
        Assert.Equal(DataHealth.Critical, stopped.Health);
        Assert.DoesNotContain(ImportChanges.Between(Context(RdsImportPanel.Kind, "AWS", "sumo"), running, stopped), r => r.Reason == "finished");
    }

    [Fact]
    public void The_cdn_hit_ratio_dropping_below_its_line_and_back_gives_two_rows()
    {
        var good = Cdn(0.985, 0.0004);
        var low = Cdn(0.91, 0.0004);

        var drop = Assert.Single(CdnChanges.Between(Context(CdnPanel.Kind, "AWS", "mdn"), good, low));
        var back = Assert.Single(CdnChanges.Between(Context(CdnPanel.Kind, "AWS", "mdn"), low, good));
        var errors = Assert.Single(CdnChanges.Between(Context(CdnPanel.Kind, "AWS", "mdn"), good, Cdn(0.985, 0.06)));

        Assert.Equal((TimelineSeverity.Warning, "hit ratio drop"), (drop.Severity, drop.Reason));
        Assert.Contains("hit ratio 91.0 %, below 95 % (was 98.5 %)", drop.Message, StringComparison.Ordinal);
        Assert.Equal("hit ratio back", back.Reason);
        Assert.Equal(TimelineSeverity.Critical, errors.Severity);
        Assert.Empty(CdnChanges.Between(Context(CdnPanel.Kind, "AWS", "mdn"), good, good));
    }

    private static AppFreshness Freshness(FreshnessState state, TimeSpan age) =>
        new("bedrock", "tokyo", [new PodFreshness("bedrock-web-1", state, age, "4f1c9a2e", "4f1c9a2e", "sha256:aa", null)], TimeSpan.FromMinutes(10));

    private static ImportProgress Import(double fraction, TimeSpan? idle)
    {
        TableProgress Table(string name, double loaded) => new(name, loaded >= 1 ? TableLoadState.Done : loaded > 0 ? TableLoadState.Loading : TableLoadState.Waiting, (long)(loaded * 1000), 1000, (long)(loaded * 10), 10);
        return new ImportProgress("sumo", "sumo-prod-import", "db.t2.small", [Table("t1", Math.Min(1, fraction * 2)), Table("t2", Math.Max(0, (fraction * 2) - 1))],
            1000, null, idle, idle is null ? "INSERT INTO `t2` VALUES (…)" : "ALTER TABLE `t2` ADD INDEX (…)", TimeSpan.FromMinutes(5));
    }

    private static CdnHitRatio Cdn(double ratio, double error5xx) =>
        new("E2QWRUHAPOMQZL", "mdn.mozillademos.org", ratio, "bytes", 1e9, 1e9 * (1 - ratio), 1e6, null, 0.01, error5xx, TimeSpan.FromHours(1), 0.95);
}
