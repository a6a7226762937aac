using Microsoft.Extensions.Options;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.Fakes.Notifications;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Notifications;

/// <summary>"Send a test" on every channel, and the demo fleet's incidents sent marked DEMO in every message.</summary>
public sealed class ChannelTestAndDemoTests : IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(1));

    private CancellationToken Token => _timeout.Token;

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task A_test_goes_to_each_channel_saying_who_sent_it_and_that_nothing_is_wrong_through_the_real_alertmanager_too()
    {
        await using var amReceiver = new FakeWebhookReceiver();
        await using var webhook = new FakeWebhookReceiver();
        await using var slack = new FakeSlackWebhook(TimeProvider.System);
        await using var alertmanager = await AlertmanagerServer.StartAsync(amReceiver.Url, Token);
        var log = new NotificationLog();
        using var http = new HttpClient();
        var dispatcher = Dispatcher(new NotificationOptions
        {
            Alertmanager = new AlertmanagerChannelOptions { Url = alertmanager.Url.ToString() },
            Webhooks = [new WebhookChannelOptions { Url = webhook.Url.ToString() }],
            Slack = [new SlackChannelOptions { WebhookUrl = slack.Url.ToString() }],
        }, new PanelStore(TimeProvider.System), log, http);

        foreach (var outbox in dispatcher.Outboxes)
        {
            var record = await outbox.SendTestAsync("alice", Token);
            Assert.True(record.Outcome == DeliveryOutcome.Sent, $"{record.Channel}: {record.Detail}");
            Assert.Equal("test message (sent by alice)", record.Headline);
        }

        var direct = await webhook.NextAsync(Token);
        Assert.Equal(("4", "OpsDashboardTest", "none"), ((string?)direct["version"], (string?)direct["alerts"]![0]!["labels"]!["alertname"], (string?)direct["commonLabels"]!["severity"]));
        Assert.Contains("sent by alice", (string?)direct["alerts"]![0]!["annotations"]!["summary"], StringComparison.Ordinal);
        var viaAlertmanager = await amReceiver.NextWhereAsync(body => (string?)body["alerts"]![0]!["labels"]!["alertname"] == "OpsDashboardTest", Token);
        Assert.Contains("nothing is wrong", (string?)viaAlertmanager["alerts"]![0]!["annotations"]!["summary"], StringComparison.Ordinal);
        var text = Assert.Single(slack.Messages).Text;
        Assert.Contains("Test message from OpsDashboard, sent by alice", text, StringComparison.Ordinal);
        Assert.Equal(3, log.Recent.Count(r => r.Outcome == DeliveryOutcome.Sent));
    }

    [Fact]
    public async Task A_refused_test_is_shown_failed_with_slacks_answer()
    {
        await using var slack = new FakeSlackWebhook(TimeProvider.System);
        var log = new NotificationLog();
        using var http = new HttpClient();
        var dispatcher = Dispatcher(new NotificationOptions { Slack = [new SlackChannelOptions { WebhookUrl = slack.WrongSecretUrl.ToString() }] }, new PanelStore(TimeProvider.System), log, http);

        var record = await dispatcher.Outboxes.Single().SendTestAsync("alice", Token);

        Assert.Equal(DeliveryOutcome.Failed, record.Outcome);
        Assert.Contains("403 Forbidden invalid_token", record.Detail, StringComparison.Ordinal);
        Assert.Same(record, Assert.Single(log.Recent));
    }

    [Fact]
    public async Task With_the_demo_fleet_and_channels_configured_every_message_says_DEMO_in_the_webhook_labels_and_annotations_and_the_slack_text()
    {
        await using var webhook = new FakeWebhookReceiver();
        await using var slack = new FakeSlackWebhook(TimeProvider.System);
        var store = new PanelStore(TimeProvider.System);
        var log = new NotificationLog();
        using var http = new HttpClient();
        var dispatcher = Dispatcher(new NotificationOptions
        {
            For = TimeSpan.Zero,
            Webhooks = [new WebhookChannelOptions { Url = webhook.Url.ToString() }],
            Slack = [new SlackChannelOptions { WebhookUrl = slack.Url.ToString() }],
        }, store, log, http);
        await dispatcher.StartAsync(Token);
        try
        {
            var tile = new PanelKey(NodesPanel.Kind, "tokyo", "tokyo");
            store.Publish(tile, new ClusterNodesBuilder("tokyo").Ready(2).NotReady(3).Build(), TimeProvider.System.GetUtcNow(), isDemo: true, TimeSpan.FromMinutes(5));

            var body = await webhook.NextAsync(Token);
            var alert = body["alerts"]![0]!;
            Assert.Equal("true", (string?)alert["labels"]!["demo"]);
            Assert.StartsWith("[DEMO] ", (string?)alert["annotations"]!["summary"], StringComparison.Ordinal);
            var message = await slack.NextMessageAsync(Token);
            Assert.StartsWith("*DEMO* ", message.Text, StringComparison.Ordinal);
            Assert.Contains("[DEMO] tokyo Nodes tokyo is CRITICAL", message.Text, StringComparison.Ordinal);
        }
        finally
        {
            await dispatcher.StopAsync(CancellationToken.None);
        }
    }

    private static NotificationDispatcher Dispatcher(NotificationOptions options, PanelStore store, NotificationLog log, HttpClient http) =>
        new(store, TimeProvider.System, Options.Create(options), log, http, new SingleReplica());
}
