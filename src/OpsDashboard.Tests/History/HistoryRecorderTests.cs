using Microsoft.Extensions.Time.Testing;
using OpsDashboard.History;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.History;

public sealed class HistoryRecorderTests : IDisposable
{
    private static readonly PanelKey Key = new(NodesPanel.Kind, "oregon-a", "oregon-a");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Headline_figures_recorded_before_a_restart_are_there_after_it()
    {
        var store = new PanelStore(_clock);
        store.Publish(Key, new ClusterNodesBuilder().Ready(11).NotReady(1).Build(), _clock.GetUtcNow(), false, TimeSpan.FromMinutes(1));
        var takenAt = _clock.GetUtcNow();

        var (before, beforeDb) = Recorder(store, new HistoryHealth());
        await before.RecordOnceAsync(CancellationToken.None);
        await before.StopAsync(CancellationToken.None);
        before.Dispose();
        await beforeDb.DisposeAsync();

        // A new process: new store, new recorder, same file.
        var (after, _) = Recorder(new PanelStore(_clock), new HistoryHealth());
        await after.RecordOnceAsync(CancellationToken.None);
        var points = await after.Database!.QueryAsync(Key, "nodes_ready", takenAt.AddMinutes(-1), takenAt.AddMinutes(1), CancellationToken.None);
        Assert.Equal([new HistoryPoint(takenAt, 11)], points);
        var notReady = await after.Database.QueryAsync(Key, "nodes_not_ready", takenAt.AddMinutes(-1), takenAt.AddMinutes(1), CancellationToken.None);
        Assert.Equal(1, notReady.Single().Value);
    }

    [Fact]
    public async Task Unchanged_data_is_not_recorded_twice()
    {
        var store = new PanelStore(_clock);
        store.Publish(Key, new ClusterNodesBuilder().Ready(3).Build(), _clock.GetUtcNow(), false, TimeSpan.FromMinutes(1));
        var (recorder, _) = Recorder(store, new HistoryHealth());

        await recorder.RecordOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        await recorder.RecordOnceAsync(CancellationToken.None);

        var points = await recorder.Database!.QueryAsync(Key, "nodes_ready", _clock.GetUtcNow().AddHours(-1), _clock.GetUtcNow(), CancellationToken.None);
        Assert.Single(points);
    }

    [Fact]
    public async Task A_demo_tiles_figures_are_recorded_as_demo_and_a_real_tiles_as_real()
    {
        var demo = Key with { Group = "frankfurt", Target = "frankfurt" };
        var store = new PanelStore(_clock);
        store.Publish(Key, new ClusterNodesBuilder().Ready(3).Build(), _clock.GetUtcNow(), false, TimeSpan.FromMinutes(1));
        store.Publish(demo, new ClusterNodesBuilder().Ready(5).Build(), _clock.GetUtcNow(), true, TimeSpan.FromMinutes(1));
        var (recorder, _) = Recorder(store, new HistoryHealth());

        await recorder.RecordOnceAsync(CancellationToken.None);

        var now = _clock.GetUtcNow();
        var drawn = await recorder.Database!.QueryDownsampledAsync(now.AddMinutes(-1), now, 1, null, NodesPanel.Kind, CancellationToken.None);
        var real = await recorder.Database.QueryDownsampledAsync(now.AddMinutes(-1), now, 1, null, NodesPanel.Kind, CancellationToken.None, realOnly: true);
        Assert.Equal(["frankfurt", "oregon-a"], drawn.Select(s => s.Tile.Target).Distinct());
        Assert.Equal(["oregon-a"], real.Select(s => s.Tile.Target).Distinct());
    }

    [Fact]
    public async Task A_corrupt_database_is_reported_and_the_live_store_keeps_working()
    {
        var path = _dir.File("history.db");
        await File.WriteAllTextAsync(path, new string('#', 4096));
        var store = new PanelStore(_clock);
        var health = new HistoryHealth();
        var (recorder, _) = Recorder(store, health, "history.db");

        store.Publish(Key, new ClusterNodesBuilder().Ready(3).Build(), _clock.GetUtcNow(), false, TimeSpan.FromMinutes(1));
        await recorder.RecordOnceAsync(CancellationToken.None);

        Assert.NotNull(health.Problem);
        Assert.Contains(path, health.Problem.Message, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(30));
        store.Publish(Key, new ClusterNodesBuilder().Ready(4).Build(), _clock.GetUtcNow(), false, TimeSpan.FromMinutes(1));
        Assert.Equal("4 / 4 ready", store.Current[Key]!.Snapshot!.Headline);

        // Once the file is moved aside, the next round recovers and writes what was kept in memory.
        File.Move(path, path + ".broken");
        await recorder.RecordOnceAsync(CancellationToken.None);
        Assert.Null(health.Problem);
        Assert.Equal(8, health.SamplesWritten);
    }

    private (HistoryRecorder Recorder, HistoryDatabase Database) Recorder(PanelStore store, HistoryHealth health, string file = "history.db")
    {
        var database = TestHistory.Database(_dir.Path, health, _clock, file);
        return (new HistoryRecorder(store, database, _clock), database);
    }
}
