using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Notifications;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>
/// The dead man's switch: Dashboard:Notifications:Heartbeat:Url pinged every interval while the pipeline is healthy, to
/// a fake healthchecks.io on loopback, on a FakeTimeProvider moved only once the dispatcher has looked at the moment before.
/// </summary>
public sealed class HeartbeatTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private static readonly PanelKey Tokyo = new(NodesPanel.Kind, "tokyo", "tokyo");
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly FakeHeartbeatReceiver _heartbeat;
    private readonly HttpClient _http = new();
    private readonly NotificationLog _log = new();
    private readonly PanelStore _store;
    private readonly NotificationDispatcher _dispatcher;

    public HeartbeatTests()
    {
        _heartbeat = new FakeHeartbeatReceiver(_clock);
        _store = new PanelStore(_clock);
        _dispatcher = new NotificationDispatcher(_store, _clock, Options.Create(new NotificationOptions
        {
            Heartbeat = new HeartbeatOptions { Url = _heartbeat.Url.ToString(), Interval = Interval },
        }), _log, _http, new SingleReplica());
    }

    private CancellationToken Token => _timeout.Token;

    public async ValueTask DisposeAsync()
    {
        await _dispatcher.StopAsync(CancellationToken.None);
        _dispatcher.Dispose();
        await _heartbeat.DisposeAsync();
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task The_heartbeat_is_pinged_every_interval_while_a_tile_has_fresh_data_and_not_while_none_has()
    {
        _store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(5).Build(), Start, isDemo: false, TimeSpan.FromHours(1));
        await _dispatcher.StartAsync(Token);

        // Healthy: at once, then every interval, no more often.
        Assert.Equal(Start, await _heartbeat.NextAsync(Token));
        await StepThroughAsync(Start + (2 * Interval) + TimeSpan.FromMinutes(1));
        Assert.Equal([Start, Start + Interval, Start + (2 * Interval)], _heartbeat.Pings);

        // The only tile's source fails: the pipeline sees nothing it can vouch for, so three intervals pass unpinged.
        var failedAt = _clock.GetUtcNow();
        _store.ReportFault(Tokyo, "unreachable: dial tcp 10.3.0.10:443: i/o timeout", isDemo: false, TimeSpan.FromHours(1));
        await StepThroughAsync(failedAt + (3 * Interval));
        Assert.Equal(3, _heartbeat.Pings.Count);

        // Data again: pinged at the next look, the interval counted from the last ping long past.
        var recoveredAt = _clock.GetUtcNow();
        _store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(5).Build(), recoveredAt, isDemo: false, TimeSpan.FromHours(1));
        await StepThroughAsync(recoveredAt + Step);
        Assert.Equal([Start, Start + Interval, Start + (2 * Interval), recoveredAt + Step], _heartbeat.Pings);
        Assert.Equal(4, _log.Recent.Count(r => r.Headline == "heartbeat" && r.Outcome == DeliveryOutcome.Sent));
    }

    [Fact]
    public async Task A_heartbeat_that_answers_404_is_shown_failed_and_pinged_again_next_interval()
    {
        var wrong = new NotificationDispatcher(_store, _clock, Options.Create(new NotificationOptions
        {
            Heartbeat = new HeartbeatOptions { Url = new Uri(_heartbeat.Url, "/ping/not-this-check").ToString(), Interval = Interval },
        }), _log, _http, new SingleReplica());
        _store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(5).Build(), Start, isDemo: false, TimeSpan.FromHours(1));
        await wrong.StartAsync(Token);
        try
        {
            var failed = await _log.RecordAsync(r => r.Headline == "heartbeat", Token);
            Assert.Equal(DeliveryOutcome.Failed, failed.Outcome);
            Assert.Contains("404", failed.Detail, StringComparison.Ordinal);
            await StepThroughAsync(Start + Interval, wrong);
            Assert.Equal([Start, Start + Interval], _log.Recent.Where(r => r.Headline == "heartbeat").Select(r => r.At));
            Assert.Empty(_heartbeat.Pings);
        }
        finally
        {
            await wrong.StopAsync(CancellationToken.None);
            wrong.Dispose();
        }
    }

    /// <summary>Moves fake time a step at a time, each only once the dispatcher has looked at the moment before.</summary>
    private async Task StepThroughAsync(DateTimeOffset until, NotificationDispatcher? dispatcher = null)
    {
        while (_clock.GetUtcNow() < until)
        {
            await _clock.StepAsync(dispatcher ?? _dispatcher, Step, Token);
        }
    }
}
