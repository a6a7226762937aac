using System.Net;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Notifications;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Fakes.Notifications;

namespace OpsDashboard.Tests.Notifications;

/// <summary>The Slack channel through its outbox to a fake Slack webhook on loopback, on a FakeTimeProvider stepped until what is awaited happens.</summary>
public sealed class SlackChannelTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly CancellationTokenSource _stop = new();
    private readonly FakeTimeProvider _time = new(Start);
    private readonly HttpClient _http = new();
    private readonly NotificationLog _log = new();
    private readonly FakeSlackWebhook _slack;
    private Task? _running;

    public SlackChannelTests() => _slack = new FakeSlackWebhook(_time);

    private CancellationToken Token => _timeout.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _running);
        }

        await _slack.DisposeAsync();
        _http.Dispose();
        _stop.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_storm_goes_at_most_one_message_a_second_firing_and_resolved_never_mixed_and_no_change_lost_or_sent_twice()
    {
        var outbox = Outbox(_slack.Url);
        var firing = Enumerable.Range(1, 30).Select(i => Alert($"node-{i}", AlertPhase.Firing)).ToList();
        outbox.Enqueue(firing);
        outbox.Enqueue([Alert("node-1", AlertPhase.Resolved), Alert("node-2", AlertPhase.Resolved)]);
        outbox.Enqueue([Alert("node-31", AlertPhase.Firing)]);
        Run(outbox);

        await StepUntilAsync(() => _log.Recent.Count(r => r.Outcome == DeliveryOutcome.Sent) == 33);

        var messages = _slack.Messages;
        Assert.All(messages.Zip(messages.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= TimeSpan.FromSeconds(1), $"two messages {pair.Second.At - pair.First.At} apart"));
        Assert.Equal([20, 10, 2, 1], messages.Select(m => Lines(m, ":red_circle:") + Lines(m, ":large_green_circle:")));
        Assert.Equal([0, 0, 2, 0], messages.Select(m => Lines(m, "RESOLVED")));
        Assert.Equal([20, 10, 0, 1], messages.Select(m => Lines(m, ":red_circle: CRITICAL")));
        var all = string.Join('\n', messages.Select(m => m.Text));
        Assert.All(Enumerable.Range(1, 31), i => Assert.Equal(i <= 2 ? 2 : 1, Lines(all, $"tokyo Nodes node-{i} is")));
        Assert.Equal(4, _slack.Requests);
    }

    [Fact]
    public async Task A_message_says_state_cluster_sentence_and_links_to_the_tile_and_its_timeline_and_DEMO_for_a_demo_tile()
    {
        var outbox = Outbox(_slack.Url, new Uri("https://ops.example.com/"));
        outbox.Enqueue([Alert("node-3", AlertPhase.Firing) with { IsDemo = true }]);
        Run(outbox);

        await StepUntilAsync(() => _slack.Messages.Count == 1);

        var text = _slack.Messages[0].Text;
        Assert.StartsWith("*DEMO* :red_circle: CRITICAL · cluster *tokyo* · [DEMO] tokyo Nodes node-3 is CRITICAL", text, StringComparison.Ordinal);
        Assert.Contains("3 NotReady &lt;kubelet&gt;", text, StringComparison.Ordinal);
        Assert.Contains("<https://ops.example.com/timeline?", text, StringComparison.Ordinal);
        Assert.Contains("|Timeline>", text, StringComparison.Ordinal);
        Assert.Contains("|Tile page>", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_waits_its_Retry_After_a_5xx_backs_off_and_nothing_behind_them_is_lost()
    {
        _slack.Answer(HttpStatusCode.TooManyRequests, "rate_limited", TimeSpan.FromSeconds(30));
        _slack.Answer(HttpStatusCode.InternalServerError, "internal_error");
        var outbox = Outbox(_slack.Url);
        outbox.Enqueue([Alert("node-1", AlertPhase.Firing)]);
        Run(outbox);
        await StepUntilAsync(() => _slack.Requests == 1);
        outbox.Enqueue([Alert("node-1", AlertPhase.Resolved)]);

        await StepUntilAsync(() => _slack.Messages.Count == 2);

        var retries = _log.Recent.Where(r => r.Outcome == DeliveryOutcome.Retrying).Select(r => r.Detail).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("429", retries[0], StringComparison.Ordinal);
        Assert.EndsWith("again in 30 s", retries[0], StringComparison.Ordinal);
        Assert.Contains("500", retries[1], StringComparison.Ordinal);
        Assert.EndsWith("again in 2 s", retries[1], StringComparison.Ordinal);
        Assert.True(_slack.Messages[0].At - Start >= TimeSpan.FromSeconds(32), $"sent {_slack.Messages[0].At - Start} after the 429 said 30 s");
        Assert.Contains(":red_circle:", _slack.Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("RESOLVED", _slack.Messages[1].Text, StringComparison.Ordinal);
        Assert.Equal(4, _slack.Requests);
    }

    [Theory]
    [InlineData("invalid_token", "403")]
    [InlineData("no_service", "404")]
    [InlineData("channel_not_found", "404")]
    public async Task Slacks_refusals_are_failed_once_with_its_answer_and_the_next_message_still_goes(string answer, string code)
    {
        var url = answer switch
        {
            "invalid_token" => _slack.WrongSecretUrl,
            "no_service" => _slack.NoServiceUrl,
            _ => _slack.Url,
        };
        if (answer == "channel_not_found")
        {
            _slack.Answer(HttpStatusCode.NotFound, "channel_not_found");
        }

        var outbox = Outbox(url);
        outbox.Enqueue([Alert("node-1", AlertPhase.Firing)]);
        outbox.Enqueue([Alert("node-1", AlertPhase.Resolved)]);
        Run(outbox);

        await StepUntilAsync(() => _log.Recent.Count == 2);

        var first = _log.Recent[0];
        Assert.Equal(DeliveryOutcome.Failed, first.Outcome);
        Assert.Contains($"{code} ", first.Detail, StringComparison.Ordinal);
        Assert.Contains(answer, first.Detail, StringComparison.Ordinal);
        Assert.EndsWith("not retried", first.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(_slack.Secret, first.Detail + first.Channel, StringComparison.Ordinal);
        Assert.Equal(answer == "channel_not_found" ? DeliveryOutcome.Sent : DeliveryOutcome.Failed, _log.Recent[1].Outcome);
        Assert.Equal(2, _slack.Requests);
    }

    [Fact]
    public void The_channel_is_named_and_shown_by_its_host_never_by_the_secret_in_its_path()
    {
        var channel = new SlackChannel(_http, _slack.Url, 0, null);

        Assert.Equal("Slack 0 127.0.0.1", channel.Name);
        Assert.Equal("http://127.0.0.1/… (redacted)", channel.Redacted);
        Assert.DoesNotContain(_slack.Secret, channel.Name + channel.Redacted, StringComparison.Ordinal);
    }

    private static TileAlert Alert(string target, AlertPhase phase) => new(
        new PanelKey(NodesPanel.Kind, "tokyo", target), phase, TileStatus.Critical, Start.AddMinutes(-5), phase == AlertPhase.Resolved ? Start : null, Start, "3 NotReady <kubelet>", IsDemo: false);

    private static int Lines(SlackMessage message, string marker) => Lines(message.Text, marker);

    private static int Lines(string text, string marker) => text.Split('\n').Count(l => l.Contains(marker, StringComparison.Ordinal));

    private ChannelOutbox Outbox(Uri url, Uri? publicUrl = null) => new(new SlackChannel(_http, url, 0, publicUrl), _log, _time);

    private void Run(ChannelOutbox outbox)
    {
        var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, Token);
        _running = outbox.RunAsync(both.Token);
    }

    /// <summary>Steps the fake clock a quarter second at a time until <paramref name="done"/> (the outbox's waits are on it); the test's own timeout ends a hang.</summary>
    private async Task StepUntilAsync(Func<bool> done)
    {
        while (!done())
        {
            Assert.False(_running is { IsCompleted: true }, $"the outbox stopped: {_running?.Exception}");
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, Token);
        }
    }
}
