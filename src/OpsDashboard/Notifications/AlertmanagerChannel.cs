using System.Text.Json.Nodes;

namespace OpsDashboard.Notifications;

/// <summary>
/// Alertmanager's API v2: every not-OK tile is a postable alert (<c>POST /api/v2/alerts</c>), pushed again every
/// resend interval with an end four intervals ahead, as Prometheus does; a resolve carries its real end. Grouping,
/// silences and routing stay Alertmanager's. The Watchdog alert rides along while the pipeline is healthy.
/// </summary>
public sealed class AlertmanagerChannel(HttpClient http, Uri baseUrl, TimeSpan resendInterval, TimeProvider time, Uri? publicUrl, string replica) : INotificationChannel
{
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public string Name { get; } = $"Alertmanager {baseUrl.Authority}";

    public IEnumerable<ChannelBatch> Batches(IReadOnlyList<TileAlert> alerts) => alerts.Count == 0 ? [] : [new ChannelBatch(alerts)];

    public Task SendAsync(ChannelBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = time.GetUtcNow();
        var endsAt = now + (4 * resendInterval);
        var body = new JsonArray();
        foreach (var alert in batch.Alerts)
        {
            body.Add(AlertmanagerWire.Postable(alert, endsAt, publicUrl));
        }

        if (batch.Watchdog)
        {
            body.Add(AlertmanagerWire.Watchdog(_startedAt, endsAt, replica));
        }

        return ChannelHttp.PostJsonAsync(http, new Uri(baseUrl, "api/v2/alerts"), body, Name, cancellationToken);
    }

    public Task SendTestAsync(string sentBy, CancellationToken cancellationToken) =>
        ChannelHttp.PostJsonAsync(http, new Uri(baseUrl, "api/v2/alerts"), new JsonArray(AlertmanagerWire.TestAlert(sentBy, time.GetUtcNow(), asWebhookItem: false)), Name, cancellationToken);
}
