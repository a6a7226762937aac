using System.Text;
using System.Text.Json.Nodes;
using OpsDashboard.Components;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Notifications;

/// <summary>
/// A Slack incoming webhook (<c>Dashboard:Notifications:Slack:N:WebhookUrl</c>): one message per change with the state,
/// the cluster, the tile's sentence and links to its page and its timeline; firing and resolved never in one message.
/// Slack takes about one message a second per webhook, so the outbox sends no faster (<see cref="MinInterval"/>) and
/// puts what queued meanwhile, of one phase, into the next message. The URL is the credential: it is never in
/// <see cref="Name"/>, a log line or a page.
/// </summary>
public sealed class SlackChannel(HttpClient http, Uri webhookUrl, int index, Uri? publicUrl) : INotificationChannel
{
    /// <summary>How many alerts one message lists at most in a storm; the rest go in the next message.</summary>
    public const int MaxAlertsPerMessage = 20;

    public string Name { get; } = $"Slack {index} {webhookUrl.Host}";

    /// <summary>What the Notifications page shows for the URL: its host and "…", never the path that is the secret.</summary>
    public string Redacted { get; } = $"{webhookUrl.Scheme}://{webhookUrl.Host}/… (redacted)";

    public string Shown => $"{Name} ({Redacted})";

    public TimeSpan MinInterval => TimeSpan.FromSeconds(1);

    public int MaxPerBatch => MaxAlertsPerMessage;

    public bool HonoursSilences => true;

    public IEnumerable<ChannelBatch> Batches(IReadOnlyList<TileAlert> alerts) => alerts.Select(a => new ChannelBatch([a]));

    public Task SendAsync(ChannelBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ChannelHttp.PostJsonAsync(http, webhookUrl, Message(batch.Alerts, publicUrl), Name, cancellationToken);
    }

    public Task SendTestAsync(string sentBy, CancellationToken cancellationToken) =>
        ChannelHttp.PostJsonAsync(http, webhookUrl, new JsonObject { ["text"] = ":white_check_mark: " + Escape(AlertmanagerWire.TestSentence(sentBy)) }, Name, cancellationToken);

    /// <summary>Slack's <c>{"text": …}</c>: one line of headline per alert (state, cluster, tile), its sentence, its links; DEMO on demo tiles.</summary>
    public static JsonObject Message(IReadOnlyList<TileAlert> alerts, Uri? publicUrl)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var text = new StringBuilder();
        foreach (var alert in alerts)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var icon = alert.Phase == AlertPhase.Resolved ? ":large_green_circle: RESOLVED" : alert.IsRepeat ? ":red_circle: STILL " + alert.Status.Word() : ":red_circle: " + alert.Status.Word();
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{(alert.IsDemo ? "*DEMO* " : "")}{icon} · cluster *{Escape(alert.Tile.Group)}* · {Escape(AlertmanagerWire.Headline(alert))}\n");
            text.Append(Escape(alert.Summary)).Append('\n');
            if (DashboardUrls.Tile(alert.Tile) is { } page)
            {
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<{AlertmanagerWire.Link(publicUrl, page)}|Tile page> · ");
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<{AlertmanagerWire.Link(publicUrl, DashboardUrls.TileTimeline(alert.Tile))}|Timeline>");
        }

        return new JsonObject { ["text"] = text.ToString() };
    }

    /// <summary>Slack's three control characters in message text.</summary>
    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
