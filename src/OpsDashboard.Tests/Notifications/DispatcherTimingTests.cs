using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>When the dispatcher looks: every tick, and at the moment a held-back state's For passes; on fake time stepped look by look.</summary>
public sealed class DispatcherTimingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private static readonly PanelKey Tokyo = new(NodesPanel.Kind, "tokyo", "tokyo");

    [Fact]
    public async Task A_state_is_sent_the_moment_its_For_passes_not_at_the_tick_after()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var token = timeout.Token;
        var clock = new FakeTimeProvider(Start);
        var store = new PanelStore(clock);
        var log = new NotificationLog();
        using var http = new HttpClient();
        using var dispatcher = new NotificationDispatcher(store, clock, Options.Create(new NotificationOptions { For = TimeSpan.FromMinutes(1) }), log, http, new SingleReplica());
        var first = clock.StepAsync(dispatcher, TimeSpan.Zero, token);
        await dispatcher.StartAsync(token);
        try
        {
            await first;
            // The tile turns CRITICAL 300 ms after a tick: its For passes 300 ms after the tick at Start + 60 s.
            clock.Advance(TimeSpan.FromMilliseconds(300));
            var turnedAt = clock.GetUtcNow();
            store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(2).NotReady(3).Build(), turnedAt, isDemo: false, TimeSpan.FromHours(1));
            await clock.StepAsync(dispatcher, TimeSpan.FromMilliseconds(700), token);
            while (clock.GetUtcNow() < Start + TimeSpan.FromMinutes(1))
            {
                await clock.StepAsync(dispatcher, NotificationDispatcher.Tick, token);
            }

            Assert.Empty(log.Recent);
            await clock.StepAsync(dispatcher, TimeSpan.FromMilliseconds(300), token);

            var sent = Assert.Single(log.Recent);
            Assert.Equal((turnedAt + TimeSpan.FromMinutes(1), AlertPhase.Firing), (sent.At, sent.Phase));
            Assert.Equal("tokyo Nodes tokyo is CRITICAL", sent.Headline);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }
}
