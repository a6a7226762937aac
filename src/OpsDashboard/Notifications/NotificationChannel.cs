using System.Net;
using System.Text.Json.Nodes;

namespace OpsDashboard.Notifications;

/// <summary>
/// One batch for one channel: alerts of one dispatch, and for Alertmanager whether the Watchdog goes with them.
/// <paramref name="IsResend"/>: Alertmanager's periodic push of what is open, not a decision of the rules (not recorded as sent).
/// </summary>
public sealed record ChannelBatch(IReadOnlyList<TileAlert> Alerts, bool Watchdog = false, bool IsResend = false);

/// <summary>Where messages go: Alertmanager's API, a webhook, Slack. A channel sends one batch or throws <see cref="ChannelSendException"/>.</summary>
public interface INotificationChannel
{
    /// <summary>What the Notifications page calls it: "Alertmanager alertmanager:9093", "Webhook 0 hooks.example.com". Never a secret.</summary>
    string Name { get; }

    /// <summary>The batches a dispatch makes for this channel (webhooks never mix firing and resolved).</summary>
    IEnumerable<ChannelBatch> Batches(IReadOnlyList<TileAlert> alerts);

    Task SendAsync(ChannelBatch batch, CancellationToken cancellationToken);

    /// <summary>The "send a test" button: one message saying it is a test, by whom, and that nothing is wrong.</summary>
    Task SendTestAsync(string sentBy, CancellationToken cancellationToken);

    /// <summary>The least time between two sends (Slack: a second); what queues meanwhile goes in the next send, one phase at a time.</summary>
    TimeSpan MinInterval => TimeSpan.Zero;

    /// <summary>Whether the dashboard's silences apply (Slack, webhooks); Alertmanager keeps its own.</summary>
    bool HonoursSilences => false;

    /// <summary>How the Notifications page lists the channel: its name, and for a secret URL its redacted form.</summary>
    string Shown => Name;

    /// <summary>How many alerts one send carries at most when queued batches are put together.</summary>
    int MaxPerBatch => int.MaxValue;
}

/// <summary>A send that failed: a 5xx, a 429 or no answer is retried with backoff; any other 4xx is not (it would fail forever).</summary>
public sealed class ChannelSendException(string message, HttpStatusCode? status, bool retryable, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    public bool Retryable { get; } = retryable;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

public static class ChannelHttp
{
    /// <summary>Posts JSON; an answer other than 2xx becomes a <see cref="ChannelSendException"/> saying what came back (the address is not in it).</summary>
    public static async Task PostJsonAsync(HttpClient http, Uri url, JsonNode body, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new ChannelSendException($"{channel}: no answer ({ex.HttpRequestError})", null, retryable: true, inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ChannelSendException($"{channel}: no answer in {http.Timeout.TotalSeconds:0} s", null, retryable: true, inner: ex);
        }

        using (response)
        {
            await ThrowUnlessSuccessAsync(response, channel, cancellationToken);
        }
    }

    public static async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        text = text.Length > 200 ? text[..200] : text;
        var code = (int)response.StatusCode;
        var retryable = code >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
        var retryAfter = response.Headers.RetryAfter?.Delta;
        throw new ChannelSendException($"{channel}: {code} {response.ReasonPhrase} {text.Trim()}".TrimEnd(), response.StatusCode, retryable, retryAfter);
    }
}
