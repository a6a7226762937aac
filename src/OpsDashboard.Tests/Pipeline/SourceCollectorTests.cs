using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Pipeline;

public sealed class SourceCollectorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 14, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_failing_source_keeps_the_last_data_and_marks_it()
    {
        var key = new PanelKey(NodesPanel.Kind, "oregon-a", "oregon-a");
        var store = new PanelStore(_clock);
        var source = new ScriptedNodesSource(_clock, Interval, n => n == 1
            ? [TargetReading<ClusterNodes>.Ok("oregon-a", "oregon-a", new ClusterNodesBuilder().Ready(3).Build())]
            : throw new HttpRequestException("connection refused (oregon-a.example:443)"));
        using var collector = new SourceCollector<ClusterNodes>(source, store, _clock, NullLogger<SourceCollector<ClusterNodes>>.Instance);

        await collector.StartAsync(_timeout.Token);
        // The poll counter moves before the poll is published: wait on the store, which is what the test reads.
        var good = (await store.WaitForAsync(v => v[key] is not null, _timeout.Token))[key]!;
        Assert.Null(good.Fault);

        _clock.Advance(Interval);
        await store.WaitForAsync(v => v[key]!.Fault is not null, _timeout.Token);

        var marked = store.Current[key]!;
        Assert.Same(good.Snapshot, marked.Snapshot);
        Assert.Equal(good.TakenAt, marked.TakenAt);
        Assert.Contains("connection refused", marked.Fault!.Message, StringComparison.Ordinal);
        await collector.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task One_target_failing_leaves_the_others_live()
    {
        var store = new PanelStore(_clock);
        var source = new ScriptedNodesSource(_clock, Interval, n =>
        [
            TargetReading<ClusterNodes>.Ok("oregon-a", "oregon-a", new ClusterNodesBuilder("oregon-a").Ready(n).Build()),
            n == 1
                ? TargetReading<ClusterNodes>.Ok("tokyo", "tokyo", new ClusterNodesBuilder("tokyo").Ready(2).Build())
                : TargetReading<ClusterNodes>.Failed("tokyo", "tokyo", "unreachable: i/o timeout"),
        ]);
        using var collector = new SourceCollector<ClusterNodes>(source, store, _clock, NullLogger<SourceCollector<ClusterNodes>>.Instance);
        await collector.StartAsync(_timeout.Token);
        await store.WaitForAsync(v => v[new PanelKey(NodesPanel.Kind, "tokyo", "tokyo")] is not null, _timeout.Token);
        _clock.Advance(Interval);
        await store.WaitForAsync(v => v[new PanelKey(NodesPanel.Kind, "tokyo", "tokyo")]?.Fault is not null, _timeout.Token);

        var oregon = store.Current[new PanelKey(NodesPanel.Kind, "oregon-a", "oregon-a")]!;
        var tokyo = store.Current[new PanelKey(NodesPanel.Kind, "tokyo", "tokyo")]!;
        Assert.Null(oregon.Fault);
        Assert.Equal("2 / 2 ready", oregon.Snapshot!.Headline);
        Assert.Equal("2 / 2 ready", tokyo.Snapshot!.Headline);
        Assert.Equal("unreachable: i/o timeout", tokyo.Fault!.Message);
        await collector.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_hundred_subscribers_cost_one_upstream_poll_per_interval()
    {
        // The source runs on the fake clock, the store's batching on the real one, so readers pace themselves.
        var store = new PanelStore(TimeProvider.System);
        var source = new ScriptedNodesSource(_clock, Interval, n => [TargetReading<ClusterNodes>.Ok("oregon-a", "oregon-a", new ClusterNodesBuilder().Ready(n).Build())]);
        using var collector = new SourceCollector<ClusterNodes>(source, store, _clock, NullLogger<SourceCollector<ClusterNodes>>.Instance);

        var seen = new int[100];
        var readers = Enumerable.Range(0, 100).Select(i => Task.Run(async () =>
        {
            await foreach (var view in store.WatchAsync(_timeout.Token))
            {
                if (view.Tiles.Values.FirstOrDefault()?.Snapshot is ClusterNodes nodes)
                {
                    seen[i] = nodes.Ready;
                    if (nodes.Ready == 3)
                    {
                        return;
                    }
                }
            }
        })).ToList();
        while (store.SubscriberCount < 100)
        {
            await Task.Yield();
        }

        await collector.StartAsync(_timeout.Token);
        for (var poll = 1; poll <= 3; poll++)
        {
            await source.WaitForPollsAsync(poll, _timeout.Token);
            if (poll < 3)
            {
                _clock.Advance(Interval);
            }
        }

        // Subscribers only pace themselves with the batch window; advancing it lets every reader catch up.
        await Task.WhenAll(readers).WaitAsync(_timeout.Token);

        Assert.Equal(3, source.Polls);
        Assert.All(seen, ready => Assert.Equal(3, ready));
        await collector.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_source_that_crashes_is_restarted_and_its_tiles_marked_meanwhile()
    {
        var store = new PanelStore(_clock);
        var source = new CrashingSource();
        using var collector = new SourceCollector<ClusterNodes>(source, store, _clock, NullLogger<SourceCollector<ClusterNodes>>.Instance);
        await collector.StartAsync(_timeout.Token);
        await store.WaitForAsync(v => v.Tiles.Values.Any(t => t.Fault is not null), _timeout.Token);

        var entry = store.Current.Tiles.Values.Single();
        Assert.NotNull(entry.Snapshot);
        Assert.Contains("watch stream broke", entry.Fault!.Message, StringComparison.Ordinal);

        Assert.Equal(1, source.Runs);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await source.SecondRun.Task.WaitAsync(_timeout.Token);
        await collector.StopAsync(CancellationToken.None);
    }

    /// <summary>A push source that publishes once and then throws, as a broken watch would.</summary>
    private sealed class CrashingSource : INodesSource
    {
        private int _runs;

        public SourceInfo Info { get; } = new(NodesPanel.Kind, "crashing", false, TimeSpan.FromMinutes(1));

        public int Runs => Volatile.Read(ref _runs);

        public TaskCompletionSource SecondRun { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task RunAsync(IReadingSink<ClusterNodes> sink, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _runs) == 2)
            {
                SecondRun.TrySetResult();
            }

            sink.Publish("oregon-a", "oregon-a", new ClusterNodesBuilder().Ready(2).Build(), DateTimeOffset.UnixEpoch);
            throw new InvalidOperationException("watch stream broke");
        }
    }
}
