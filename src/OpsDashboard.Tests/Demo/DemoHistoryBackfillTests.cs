using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Demo;
using OpsDashboard.History;
using OpsDashboard.Panels;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Demo;

/// <summary>The demo's first two hours, played into a real history file: the timeline must tell the stories the demo promises.</summary>
public sealed class DemoHistoryBackfillTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly TempDirectory _dir = new();
    private readonly HistoryHealth _health = new();
    private HistoryDatabase _database = null!;
    private IReadOnlyList<TimelineEvent> _rows = [];
    private DemoFleet _fleet = null!;

    public async Task InitializeAsync()
    {
        _database = TestHistory.Database(_dir.Path, _health, _clock);
        _fleet = new DemoFleet(_clock, Options.Create(new DemoOptions { StartAt = TimeSpan.FromHours(2) }));
        await new DemoHistoryBackfill(_fleet, _database, _health, NullLogger<DemoHistoryBackfill>.Instance).StartAsync(CancellationToken.None);
        _rows = await _database.ReadAsync((db, ct) => db.QueryEventsOldestFirstAsync(new TimelineFilter(Now.AddHours(-3), Now), 100_000, ct), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _dir.Dispose();
    }

    private TimeSpan Script(TimelineEvent row) => row.At - _fleet.Epoch;

    [Fact]
    public void Kumascript_crash_loops_in_oregon_b_twelve_minutes_in_and_the_timeline_shows_the_cause()
    {
        var red = Assert.Single(_rows, r => r.Kind == TimelineKind.TileState && r.Reason == "OK → CRITICAL" && r.Tile == new PanelKey(PodsPanel.Kind, "oregon-b", "oregon-b"));
        Assert.InRange(Script(red), TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(12.2));
        Assert.InRange(red.Until!.Value - red.At, TimeSpan.FromMinutes(3.5), TimeSpan.FromMinutes(4.2));
        Assert.Contains(_rows, r => r is { Reason: "BackOff", Owner: "Deployment/kumascript", Severity: TimelineSeverity.Critical } && r.Count > 3);
        Assert.Contains(_rows, r => r.Kind == PodsPanel.PodRestart && r.Message.Contains("last exit: OOMKilled", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_kind_of_happening_the_demo_has_is_on_the_timeline_and_all_of_it_is_marked_demo()
    {
        Assert.All(_rows, r => Assert.True(r.IsDemo, $"{r.Reason} is not marked demo"));
        Assert.Equal(new[] { TimelineKind.TileState }.Concat(DashboardPanels.All.SelectMany(p => p.TimelineKinds)).OrderBy(k => k.Code), _rows.Select(r => r.Kind).Distinct().OrderBy(k => k.Code));
        Assert.Superset(new HashSet<string> { "BackOff", "Unhealthy", "FailedScheduling", "NodeNotReady" }, _rows.Where(r => r.Kind == PodsPanel.WarningEvent).Select(r => r.Reason).ToHashSet());
        Assert.Contains(_rows, r => r is { Reason: "NotReady" } && r.Kind == NodesPanel.NodeCondition);
        Assert.Contains(_rows, r => r is { Reason: "stalled" } && r.Kind == RdsImportPanel.Import);
        Assert.Contains(_rows, r => r is { Reason: "Stale", Cluster: "tokyo" } && r.Kind == FreshnessPanel.Freshness);
        Assert.Contains(_rows, r => r is { Reason: "hit ratio drop" } && r.Kind == CdnPanel.Cdn);
    }

    [Fact]
    public void Tokyo_is_out_of_reach_forty_minutes_in_and_back_three_minutes_later()
    {
        var outage = _rows.Where(r => r is { Cluster: "tokyo" } && r.Kind == TimelineKind.TileState && r.Reason.EndsWith("→ ERROR", StringComparison.Ordinal) && r.Panel == NodesPanel.Kind).ToList();

        Assert.Equal(2, outage.Count);
        Assert.InRange(Script(outage[0]), TimeSpan.FromMinutes(40), TimeSpan.FromMinutes(40.2));
        Assert.InRange(outage[0].Until!.Value - outage[0].At, TimeSpan.FromMinutes(2.9), TimeSpan.FromMinutes(3.1));
    }

    [Fact]
    public async Task Playing_again_after_a_restart_adds_only_the_minutes_the_history_does_not_have()
    {
        var firstReadings = _rows.Count(r => r.Reason.StartsWith("first reading", StringComparison.Ordinal));
        _clock.Advance(TimeSpan.FromMinutes(10));
        var later = new DemoFleet(_clock, Options.Create(new DemoOptions { StartAt = TimeSpan.FromHours(2) }));

        await new DemoHistoryBackfill(later, _database, _health, NullLogger<DemoHistoryBackfill>.Instance).StartAsync(CancellationToken.None);

        var rows = await _database.ReadAsync((db, ct) => db.QueryEventsOldestFirstAsync(new TimelineFilter(Now.AddHours(-3), _clock.GetUtcNow()), 100_000, ct), CancellationToken.None);
        Assert.Equal(firstReadings, rows.Count(r => r.Reason.StartsWith("first reading", StringComparison.Ordinal)));
        // Rows first seen after the restart may be dated a few minutes back (an event's first timestamp), never the hours already played.
        var played = Now.AddMinutes(-10);
        Assert.Equal(_rows.Where(r => r.At < played).Select(r => r.Id).Order(), rows.Where(r => r.At < played).Select(r => r.Id).Order());
        var newest = await _database.ReadAsync((db, ct) => db.NewestSampleAsync(ct), CancellationToken.None);
        Assert.InRange(newest!.Value, _clock.GetUtcNow().AddSeconds(-35), _clock.GetUtcNow());
    }
}
