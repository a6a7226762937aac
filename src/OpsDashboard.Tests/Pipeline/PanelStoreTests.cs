using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;

namespace OpsDashboard.Tests.Pipeline;

public sealed class PanelStoreTests
{
    private static readonly PanelKey Key = new(NodesPanel.Kind, "oregon-a", "oregon-a");
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(60);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_fault_keeps_the_last_good_snapshot_and_marks_it()
    {
        var store = new PanelStore(_clock);
        var snapshot = new ClusterNodesBuilder().Ready(3).Build();
        var takenAt = _clock.GetUtcNow();
        store.Publish(Key, snapshot, takenAt, isDemo: false, StaleAfter);

        _clock.Advance(TimeSpan.FromSeconds(30));
        store.ReportFault(Key, "unreachable: connection refused", isDemo: false, StaleAfter);

        var entry = store.Current[Key]!;
        Assert.Same(snapshot, entry.Snapshot);
        Assert.Equal(takenAt, entry.TakenAt);
        Assert.Equal("unreachable: connection refused", entry.Fault!.Message);
        Assert.Equal(TileCondition.Failing, entry.ConditionAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void A_tile_from_the_leader_keeps_the_leaders_time_and_turns_stale_on_it_however_late_it_arrived()
    {
        var store = new PanelStore(_clock);
        var takenByLeader = _clock.GetUtcNow().AddSeconds(-50);

        store.Replicate(new TileEntryBuilder().TakenAt(takenByLeader).StaleAfter(StaleAfter).Build());

        var entry = store.Current[Key]!;
        Assert.Equal(takenByLeader, entry.TakenAt);
        Assert.Equal(TileCondition.Fresh, entry.ConditionAt(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(TileCondition.Stale, store.Current[Key]!.ConditionAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void A_late_copy_of_an_older_reading_never_turns_a_tile_back()
    {
        var store = new PanelStore(_clock);
        var now = _clock.GetUtcNow();
        var newest = new ClusterNodesBuilder().Ready(3).Build();
        store.Replicate(new TileEntryBuilder().TakenAt(now).With(newest).Build());

        store.Replicate(new TileEntryBuilder().TakenAt(now.AddSeconds(-5)).With(new ClusterNodesBuilder().Ready(1).Build()).Build());
        Assert.Same(newest, store.Current[Key]!.Snapshot);

        // The same reading with a fault the leader saw since: taken, since it is not older.
        store.Replicate(new TileEntryBuilder().TakenAt(now).With(newest).Failing("leader: connection refused", now).Build());

        var entry = store.Current[Key]!;
        Assert.Equal(now, entry.TakenAt);
        Assert.Equal("leader: connection refused", entry.Fault!.Message);
        Assert.Equal(TileCondition.Failing, entry.ConditionAt(now));
    }

    [Fact]
    public void Repeated_faults_keep_when_the_failure_began()
    {
        var store = new PanelStore(_clock);
        var began = _clock.GetUtcNow();
        store.ReportFault(Key, "timeout", isDemo: false, StaleAfter);
        _clock.Advance(TimeSpan.FromMinutes(3));
        store.ReportFault(Key, "connection refused", isDemo: false, StaleAfter);

        var fault = store.Current[Key]!.Fault!;
        Assert.Equal(began, fault.Since);
        Assert.Equal(_clock.GetUtcNow(), fault.LastSeen);
        Assert.Equal("connection refused", fault.Message);
    }

    [Fact]
    public void New_data_clears_the_fault()
    {
        var store = new PanelStore(_clock);
        store.ReportFault(Key, "timeout", isDemo: false, StaleAfter);
        store.Publish(Key, new ClusterNodesBuilder().Ready(1).Build(), _clock.GetUtcNow(), isDemo: false, StaleAfter);

        Assert.Null(store.Current[Key]!.Fault);
        Assert.Equal(TileCondition.Fresh, store.Current[Key]!.ConditionAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void Data_turns_stale_past_the_threshold_by_the_clock_alone()
    {
        var store = new PanelStore(_clock);
        store.Publish(Key, new ClusterNodesBuilder().Ready(1).Build(), _clock.GetUtcNow(), isDemo: false, StaleAfter);
        var entry = store.Current[Key]!;

        Assert.Equal(TileCondition.Fresh, entry.ConditionAt(_clock.GetUtcNow() + StaleAfter));
        Assert.Equal(TileCondition.Stale, entry.ConditionAt(_clock.GetUtcNow() + StaleAfter + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_subscriber_gets_the_current_view_at_once_then_coalesced_changes()
    {
        var store = new PanelStore(_clock);
        store.Publish(Key, new ClusterNodesBuilder().Ready(1).Build(), _clock.GetUtcNow(), isDemo: false, StaleAfter);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var views = store.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.True(await views.MoveNextAsync());
        Assert.Equal(1, views.Current.Version);

        // Fifty changes inside one batch window reach the subscriber as one view: the newest.
        for (var i = 0; i < 50; i++)
        {
            store.Publish(Key, new ClusterNodesBuilder().Ready(i + 2).Build(), _clock.GetUtcNow(), isDemo: false, StaleAfter);
        }

        var next = views.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted, "a second view must wait for the batch window");
        _clock.Advance(PanelStore.BatchWindow);
        Assert.True(await next);
        Assert.Equal(51, views.Current.Version);
        Assert.Equal("51 / 51 ready", views.Current[Key]!.Snapshot!.Headline);
    }

    [Fact]
    public async Task A_subscriber_that_stops_is_removed()
    {
        var store = new PanelStore(_clock);
        using var cts = new CancellationTokenSource();
        var views = store.WatchAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        await views.MoveNextAsync();
        Assert.Equal(1, store.SubscriberCount);

        await views.DisposeAsync();
        Assert.Equal(0, store.SubscriberCount);
    }
}
