using System.Net;
using Microsoft.Extensions.Options;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Notifications;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>The channels on loopback: the real Alertmanager routing to a webhook receiver of the test's, our own webhook, and retries.</summary>
public sealed class NotificationChannelTests : IDisposable
{
    private static readonly PanelKey Tokyo = new(NodesPanel.Kind, "tokyo", "tokyo");
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task A_critical_tile_goes_through_the_real_alertmanager_to_a_webhook_firing_then_resolved_and_our_webhook_gets_the_same_v4_json()
    {
        await using var amReceiver = new FakeWebhookReceiver();
        await using var direct = new FakeWebhookReceiver();
        await using var alertmanager = await AlertmanagerServer.StartAsync(amReceiver.Url, _timeout.Token);
        var store = new PanelStore(TimeProvider.System);
        var options = new NotificationOptions
        {
            For = TimeSpan.Zero,
            Alertmanager = new AlertmanagerChannelOptions { Url = alertmanager.Url.ToString() },
            Webhooks = [new WebhookChannelOptions { Url = direct.Url.ToString() }],
        };
        using var http = new HttpClient();
        var log = new NotificationLog();
        var dispatcher = new NotificationDispatcher(store, TimeProvider.System, Options.Create(options), log, http, new SingleReplica());
        await dispatcher.StartAsync(_timeout.Token);
        try
        {
            store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(2).NotReady(3).Build(), TimeProvider.System.GetUtcNow(), isDemo: false, TimeSpan.FromMinutes(5));

            var ours = await direct.NextAsync(_timeout.Token);
            Assert.Equal(("4", "firing"), ((string?)ours["version"], (string?)ours["status"]));
            Assert.Equal("tokyo", (string?)ours["alerts"]![0]!["labels"]!["cluster"]);
            Assert.Equal("tokyo", (string?)ours["commonLabels"]!["cluster"]);
            await log.RecordAsync(r => r.Channel.StartsWith("Alertmanager", StringComparison.Ordinal), _timeout.Token);
            Assert.All(log.Recent, r => Assert.True(r.Outcome == DeliveryOutcome.Sent, $"{r.Channel}: {r.Outcome} {r.Detail}"));
            // The Watchdog (always firing while the dashboard sees fresh data) is its own group and may arrive first.
            var viaAlertmanager = await NextAsync(amReceiver, body => (string?)body["alerts"]![0]!["labels"]!["alertname"] == "OpsDashboardTile");
            Assert.Equal("4", (string?)viaAlertmanager["version"]);
            Assert.Equal("firing", (string?)viaAlertmanager["status"]);
            var alert = viaAlertmanager["alerts"]![0]!;
            Assert.Equal(("OpsDashboardTile", "tokyo", "nodes", "tokyo", "critical"),
                ((string?)alert["labels"]!["alertname"], (string?)alert["labels"]!["cluster"], (string?)alert["labels"]!["panel"], (string?)alert["labels"]!["target"], (string?)alert["labels"]!["severity"]));
            Assert.Contains("NotReady", (string?)alert["annotations"]!["description"], StringComparison.Ordinal);

            store.Publish(Tokyo, new ClusterNodesBuilder("tokyo").Ready(5).Build(), TimeProvider.System.GetUtcNow(), isDemo: false, TimeSpan.FromMinutes(5));
            var resolved = await NextWithStatusAsync(amReceiver, "resolved");
            Assert.Equal("resolved", (string?)resolved["alerts"]![0]!["status"]);
            var ourResolve = await direct.NextAsync(_timeout.Token);
            Assert.Equal("resolved", (string?)ourResolve["status"]);
            Assert.All(ourResolve["alerts"]!.AsArray(), a => Assert.Equal("resolved", (string?)a!["status"]));
            Assert.NotNull((string?)ourResolve["alerts"]![0]!["annotations"]!["lasted"]);

            // The Watchdog went with the first push (the outbox sends in order, so before the resolve Alertmanager just
            // passed on): Alertmanager holds it firing while the tile's alert, resolved, is gone from its list.
            var held = await alertmanager.AlertsAsync(_timeout.Token);
            var watchdog = Assert.Single(held, a => (string?)a!["labels"]!["alertname"] == AlertmanagerWire.WatchdogName)!;
            Assert.Equal(("active", "none", "opsdashboard"), ((string?)watchdog["status"]!["state"], (string?)watchdog["labels"]!["severity"], (string?)watchdog["labels"]!["source"]));
            Assert.True(DateTimeOffset.Parse((string)watchdog["endsAt"]!, System.Globalization.CultureInfo.InvariantCulture) > TimeProvider.System.GetUtcNow(), $"the Watchdog ends at {watchdog["endsAt"]}, already past");
            Assert.DoesNotContain(held, a => (string?)a!["labels"]!["alertname"] == AlertmanagerWire.AlertName);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_5xx_or_429_is_retried_until_sent_a_4xx_is_failed_once_and_nothing_behind_either_is_lost()
    {
        await using var flaky = new FakeWebhookReceiver(HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests);
        await using var refusing = new FakeWebhookReceiver(HttpStatusCode.Forbidden);
        var log = new NotificationLog();
        using var http = new HttpClient();
        var now = TimeProvider.System.GetUtcNow();
        var first = new TileAlert(Tokyo, AlertPhase.Firing, TileStatus.Critical, now, null, now, "3 NotReady", IsDemo: false);
        var second = first with { Phase = AlertPhase.Resolved, EndsAt = now.AddMinutes(2) };
        var flakyBox = new ChannelOutbox(new WebhookChannel(http, flaky.Url, 0, null, TimeProvider.System), log, TimeProvider.System);
        var refusingBox = new ChannelOutbox(new WebhookChannel(http, refusing.Url, 1, null, TimeProvider.System), log, TimeProvider.System);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_timeout.Token);
        var running = Task.WhenAll(flakyBox.RunAsync(stop.Token), refusingBox.RunAsync(stop.Token));
        flakyBox.Enqueue([first]);
        flakyBox.Enqueue([second]);
        refusingBox.Enqueue([first]);
        refusingBox.Enqueue([second]);

        Assert.Equal("firing", (string?)(await flaky.NextAsync(_timeout.Token))["status"]);
        Assert.Equal("resolved", (string?)(await flaky.NextAsync(_timeout.Token))["status"]);
        Assert.Equal("resolved", (string?)(await refusing.NextAsync(_timeout.Token))["status"]);
        Assert.Equal((4, 2), (flaky.Requests, refusing.Requests));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var records = log.Recent;
        Assert.Equal(2, records.Count(r => r.Channel.StartsWith("Webhook 0", StringComparison.Ordinal) && r.Outcome == DeliveryOutcome.Retrying));
        var failed = Assert.Single(records, r => r.Outcome == DeliveryOutcome.Failed);
        Assert.StartsWith("Webhook 1", failed.Channel, StringComparison.Ordinal);
        Assert.Contains("403", failed.Detail, StringComparison.Ordinal);
        Assert.Contains("not retried", failed.Detail, StringComparison.Ordinal);
    }

    private Task<System.Text.Json.Nodes.JsonNode> NextWithStatusAsync(FakeWebhookReceiver receiver, string status) =>
        receiver.NextWhereAsync(body => (string?)body["status"] == status, _timeout.Token);

    private Task<System.Text.Json.Nodes.JsonNode> NextAsync(FakeWebhookReceiver receiver, Func<System.Text.Json.Nodes.JsonNode, bool> wanted) =>
        receiver.NextWhereAsync(wanted, _timeout.Token);
}
