using Microsoft.Extensions.Time.Testing;
using OpsDashboard.History;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

/// <summary>The recorder against a real SQLite file with a fake clock: ordering, merging, restarts, an unavailable file.</summary>
public sealed class TimelineRecorderTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly PanelKey PodsKey = new(PodsPanel.Kind, "oregon-b", "oregon-b");
    private static readonly PanelKey NodesKey = new(NodesPanel.Kind, "oregon-b", "oregon-b");
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);
    private readonly FakeTimeProvider _clock = new(T0);
    private readonly TempDirectory _dir = new();
    private readonly HistoryHealth _health = new();
    private readonly TimelineFeed _feed = new();
    private PanelStore _store = null!;
    private HistoryDatabase _database = null!;

    public Task InitializeAsync()
    {
        _store = new PanelStore(_clock);
        _database = TestHistory.Database(_dir.Path, _health, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Rows_come_back_in_the_order_things_happened_however_late_they_were_noticed_and_a_burst_is_one_row()
    {
        var recorder = new TimelineRecorder(_store, _database, _health, _feed, _clock);
        PublishPods(Pods(healthy: true));
        _store.Publish(NodesKey, new ClusterNodesBuilder("oregon-b").Ready(3).ObservedAt(T0).Build(), T0, false, StaleAfter);
        await recorder.RecordOnceAsync(CancellationToken.None);

        // Noticed at +60 s: a crash loop whose BackOff events began at +20 s.
        _clock.Advance(TimeSpan.FromSeconds(60));
        PublishPods(Pods(healthy: false, BackOff(3, T0.AddSeconds(20), T0.AddSeconds(55))));
        await recorder.RecordOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        PublishPods(Pods(healthy: false, BackOff(6, T0.AddSeconds(20), T0.AddSeconds(85))));
        await recorder.RecordOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(30));
        PublishPods(Pods(healthy: true, BackOff(6, T0.AddSeconds(20), T0.AddSeconds(85))));
        await recorder.RecordOnceAsync(CancellationToken.None);

        var rows = await ReadAsync(new TimelineFilter(T0.AddHours(-1), T0.AddHours(1)) { Cluster = "oregon-b", Panel = PodsPanel.Kind });

        // The crash-looping pod's restart (its last exit was before the first reading) is dated at the first reading.
        Assert.Equal(
            [("CRITICAL → OK", T0.AddSeconds(120)), ("OK → CRITICAL", T0.AddSeconds(60)), ("BackOff", T0.AddSeconds(20))],
            rows.Take(3).Select(r => (r.Reason, r.At)));
        Assert.Equal(["Restarted", "first reading → OK"], rows.Skip(3).Select(r => r.Reason).Order(StringComparer.Ordinal));
        Assert.All(rows.Skip(3), r => Assert.Equal(T0, r.At));
        var burst = rows[2];
        Assert.Equal((6, T0.AddSeconds(85), "Deployment/kumascript"), (burst.Count, burst.Until, burst.Owner));
        Assert.Equal(T0.AddSeconds(120), rows[1].Until);
        Assert.Null(rows[0].Until);
        Assert.True(_feed.Version >= 3, "open views are told about each written batch");
    }

    [Fact]
    public async Task A_tile_going_stale_is_written_without_any_new_data_and_dated_when_it_passed_its_limit()
    {
        var recorder = new TimelineRecorder(_store, _database, _health, _feed, _clock);
        PublishPods(Pods(healthy: true));
        await recorder.RecordOnceAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(95));
        await recorder.RecordOnceAsync(CancellationToken.None);

        var rows = await ReadAsync(new TimelineFilter(T0, T0.AddHours(1)));
        Assert.Equal(("OK → STALE", T0 + StaleAfter, TimelineSeverity.Warning), (rows[0].Reason, rows[0].At, rows[0].Severity));
    }

    [Fact]
    public async Task After_a_restart_an_open_state_and_a_burst_go_on_in_the_same_rows()
    {
        var first = new TimelineRecorder(_store, _database, _health, _feed, _clock);
        PublishPods(Pods(healthy: false, BackOff(3, T0.AddSeconds(-20), T0)));
        await first.RecordOnceAsync(CancellationToken.None);
        await _database.DisposeAsync();

        // A new process: same file, a new store, the same crash loop still going.
        _clock.Advance(TimeSpan.FromMinutes(2));
        _store = new PanelStore(_clock);
        _database = TestHistory.Database(_dir.Path, _health, _clock);
        var second = new TimelineRecorder(_store, _database, _health, _feed, _clock);
        PublishPods(Pods(healthy: false, BackOff(5, T0.AddSeconds(-20), _clock.GetUtcNow())));
        await second.RecordOnceAsync(CancellationToken.None);

        var rows = await ReadAsync(new TimelineFilter(T0.AddHours(-1), T0.AddHours(1)));
        Assert.Equal(["first reading → CRITICAL", "BackOff", "Restarted"], rows.Select(r => r.Reason));
        Assert.Null(rows[0].Until);
        Assert.Equal(5, rows[1].Count);
    }

    [Fact]
    public async Task While_the_file_is_unusable_rows_wait_in_memory_up_to_the_limit_and_are_written_when_it_is_back()
    {
        var path = _dir.File("broken.db");
        await File.WriteAllTextAsync(path, new string('#', 4096));
        _database = TestHistory.Database(_dir.Path, _health, _clock, "broken.db", maxPendingEvents: 2);
        var recorder = new TimelineRecorder(_store, _database, _health, _feed, _clock);

        PublishPods(Pods(healthy: false, BackOff(3, T0.AddSeconds(-20), T0)));
        await recorder.RecordOnceAsync(CancellationToken.None);

        // Three rows found (the state, the BackOff burst, the restart): the oldest, the restart an hour ago, is dropped.
        Assert.NotNull(_health.Problem);
        Assert.Equal(2, recorder.Pending);
        Assert.Equal(1, _health.EventsDropped);
        File.Move(path, path + ".aside");
        _clock.Advance(TimeSpan.FromSeconds(1));
        await recorder.RecordOnceAsync(CancellationToken.None);

        Assert.Null(_health.Problem);
        Assert.Equal(0, recorder.Pending);
        Assert.Equal(["first reading → CRITICAL", "BackOff"], (await ReadAsync(new TimelineFilter(T0.AddHours(-2), T0.AddHours(1)))).Select(r => r.Reason));
    }

    private void PublishPods(ClusterPods pods) => _store.Publish(PodsKey, pods, _clock.GetUtcNow(), false, StaleAfter);

    private ClusterPods Pods(bool healthy, params WarningEvent[] events)
    {
        var kumascript = new PodBuilder("kumascript-5c4b-q8x7z").OwnedBy(WorkloadKind.Deployment, "kumascript");
        PodInfo[] pods = [(healthy ? kumascript : kumascript.CrashLooping()).Build()];
        var inputs = new ClusterPodInputs(pods, pods.ToDictionary(p => (p.Namespace, p.Name)), new Dictionary<(string, WorkloadKind, string), WorkloadSpec>(), events, _ => 0, (e, _) => e.Count);
        return PodReadinessAggregator.Aggregate("oregon-b", inputs, _clock.GetUtcNow());
    }

    private static WarningEvent BackOff(int count, DateTimeOffset first, DateTimeOffset last) =>
        new("uid-backoff", "mdn-prod", "Pod", "kumascript-5c4b-q8x7z", "BackOff", "Back-off restarting failed container kumascript", count, first, last);

    private Task<IReadOnlyList<TimelineEvent>> ReadAsync(TimelineFilter filter) =>
        _database.ReadAsync<IReadOnlyList<TimelineEvent>>(async (db, ct) => (await db.QueryEventsAsync(filter, 100, null, ct)).Events, CancellationToken.None);
}
