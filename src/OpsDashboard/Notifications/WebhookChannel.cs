namespace OpsDashboard.Notifications;

/// <summary>A webhook receiving Alertmanager's webhook JSON (version 4): one POST per phase per dispatch.</summary>
public sealed class WebhookChannel(HttpClient http, Uri url, int index, Uri? publicUrl, TimeProvider time) : INotificationChannel
{
    public string Name { get; } = $"Webhook {index} {url.Authority}";

    public bool HonoursSilences => true;

    public IEnumerable<ChannelBatch> Batches(IReadOnlyList<TileAlert> alerts) =>
        alerts.GroupBy(a => a.Phase).OrderBy(g => g.Key).Select(g => new ChannelBatch([.. g]));

    public Task SendAsync(ChannelBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ChannelHttp.PostJsonAsync(http, url, AlertmanagerWire.Webhook(batch.Alerts, "opsdashboard", publicUrl), Name, cancellationToken);
    }

    public Task SendTestAsync(string sentBy, CancellationToken cancellationToken) =>
        ChannelHttp.PostJsonAsync(http, url, AlertmanagerWire.TestWebhook(sentBy, time.GetUtcNow(), "opsdashboard"), Name, cancellationToken);
}
