using System.Threading.Channels;

namespace OpsDashboard.Notifications;

/// <summary>
/// Sends one channel's batches in order. A 5xx, a 429 or no answer is retried with backoff (1 s doubling to 60 s, or
/// the server's Retry-After) and nothing queued behind it is lost; any other 4xx is logged as failed and not retried.
/// A channel with a <see cref="INotificationChannel.MinInterval"/> is sent no faster, what queued meanwhile going in the
/// next send, one phase at a time. What was sent is recorded in <paramref name="state"/> before it is logged as sent.
/// </summary>
public sealed class ChannelOutbox(INotificationChannel channel, NotificationLog log, TimeProvider time, SentAlertState? state = null)
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(60);

    private readonly Channel<ChannelBatch> _queue = System.Threading.Channels.Channel.CreateUnbounded<ChannelBatch>(new UnboundedChannelOptions { SingleReader = true });

    public INotificationChannel Target => channel;

    public void Enqueue(IReadOnlyList<TileAlert> alerts)
    {
        foreach (var batch in channel.Batches(alerts))
        {
            _queue.Writer.TryWrite(batch);
        }
    }

    public void Enqueue(ChannelBatch batch) => _queue.Writer.TryWrite(batch);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        ChannelBatch? carried = null;
        var nextSendAt = DateTimeOffset.MinValue;
        while (true)
        {
            var batch = carried ?? await _queue.Reader.ReadAsync(cancellationToken);
            carried = null;
            if (channel.MinInterval > TimeSpan.Zero)
            {
                // A timer counts whole milliseconds and may fire a little early: wait again until the clock says the time has come.
                while (nextSendAt - time.GetUtcNow() is { Ticks: > 0 } wait)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)), time, cancellationToken);
                }

                (batch, carried) = TakeQueued(batch);
            }

            await SendWithRetriesAsync(batch, cancellationToken);
            nextSendAt = time.GetUtcNow() + channel.MinInterval;
        }
    }

    /// <summary>A storm: what queued behind <paramref name="batch"/> of the same phase joins it (up to the channel's limit); the first of the other phase waits for the next send.</summary>
    private (ChannelBatch Batch, ChannelBatch? Carried) TakeQueued(ChannelBatch batch)
    {
        if (batch.Alerts.Count == 0)
        {
            return (batch, null);
        }

        var alerts = new List<TileAlert>(batch.Alerts);
        var phase = alerts[0].Phase;
        while (alerts.Count < channel.MaxPerBatch && _queue.Reader.TryRead(out var next))
        {
            if (next.Alerts.Count == 0 || next.Alerts[0].Phase != phase || alerts.Count + next.Alerts.Count > channel.MaxPerBatch)
            {
                return (batch with { Alerts = alerts }, next);
            }

            alerts.AddRange(next.Alerts);
        }

        return (batch with { Alerts = alerts }, null);
    }

    private async Task SendWithRetriesAsync(ChannelBatch batch, CancellationToken cancellationToken)
    {
        var wait = FirstRetry;
        while (true)
        {
            try
            {
                await channel.SendAsync(batch, cancellationToken);
                if (state is not null)
                {
                    await state.RecordAsync(channel.Name, batch, cancellationToken);
                }

                Record(batch, DeliveryOutcome.Sent, null);
                return;
            }
            catch (ChannelSendException ex) when (ex.Retryable)
            {
                var delay = ex.RetryAfter is { } after && after > wait ? after : wait;
                Record(batch, DeliveryOutcome.Retrying, $"{ex.Message}; again in {delay.TotalSeconds:0} s");
                await Task.Delay(delay, time, cancellationToken);
                wait = wait * 2 > MaxRetry ? MaxRetry : wait * 2;
            }
            catch (ChannelSendException ex)
            {
                Record(batch, DeliveryOutcome.Failed, $"{ex.Message}; not retried");
                return;
            }
        }
    }

    /// <summary>The "send a test" button: sent at once, once (a person waits for the answer), and logged like any delivery.</summary>
    public async Task<DeliveryRecord> SendTestAsync(string sentBy, CancellationToken cancellationToken)
    {
        DeliveryRecord record;
        try
        {
            await channel.SendTestAsync(sentBy, cancellationToken);
            record = new DeliveryRecord(time.GetUtcNow(), channel.Name, DeliveryOutcome.Sent, $"test message (sent by {sentBy})", null, IsDemo: false);
        }
        catch (ChannelSendException ex)
        {
            record = new DeliveryRecord(time.GetUtcNow(), channel.Name, DeliveryOutcome.Failed, $"test message (sent by {sentBy})", $"{ex.Message}; not retried", IsDemo: false);
        }

        log.Add(record);
        return record;
    }

    private void Record(ChannelBatch batch, DeliveryOutcome outcome, string? detail)
    {
        var now = time.GetUtcNow();
        foreach (var alert in batch.Alerts)
        {
            log.Add(new DeliveryRecord(now, channel.Name, outcome, AlertmanagerWire.Headline(alert), detail, alert.IsDemo, alert.Phase));
        }

        if (batch.Watchdog && batch.Alerts.Count == 0)
        {
            log.Add(new DeliveryRecord(now, channel.Name, outcome, AlertmanagerWire.WatchdogName, detail, IsDemo: false));
        }
    }
}
