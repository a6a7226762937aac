using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace OpsDashboard.Tests.Fakes.Notifications;

/// <summary>
/// A webhook receiver on 127.0.0.1: keeps every JSON body posted to it with the time on its clock when it came,
/// answering each with the next scripted status (200 once the script is spent).
/// </summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly Channel<WebhookDelivery> _received = Channel.CreateUnbounded<WebhookDelivery>();
    private readonly Queue<HttpStatusCode> _script = new();
    private readonly TimeProvider _clock;
    private readonly LoopbackHttpListener _listener;

    public FakeWebhookReceiver(params HttpStatusCode[] answers)
        : this(TimeProvider.System, answers)
    {
    }

    public FakeWebhookReceiver(TimeProvider clock, params HttpStatusCode[] answers)
    {
        _clock = clock;
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }

        _listener = new LoopbackHttpListener(AnswerAsync);
    }

    public int Port => _listener.Port;

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    public int Requests { get; private set; }

    /// <summary>The next body that was answered 2xx, awaited.</summary>
    public async Task<JsonNode> NextAsync(CancellationToken cancellationToken) => (await NextDeliveryAsync(cancellationToken)).Body;

    /// <summary>The next body answered 2xx with when it came.</summary>
    public async Task<WebhookDelivery> NextDeliveryAsync(CancellationToken cancellationToken) => await _received.Reader.ReadAsync(cancellationToken);

    /// <summary>The next body answered 2xx that <paramref name="wanted"/> picks; the others before it are passed over.</summary>
    public async Task<JsonNode> NextWhereAsync(Func<JsonNode, bool> wanted, CancellationToken cancellationToken)
    {
        while (true)
        {
            var body = await NextAsync(cancellationToken);
            if (wanted(body))
            {
                return body;
            }
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        var at = _clock.GetUtcNow();
        HttpStatusCode status;
        lock (_script)
        {
            Requests++;
            status = _script.Count > 0 ? _script.Dequeue() : HttpStatusCode.OK;
        }

        if ((int)status < 300)
        {
            _received.Writer.TryWrite(new WebhookDelivery(JsonNode.Parse(body)!, at));
        }

        context.Response.StatusCode = (int)status;
        context.Response.Close();
    }
}

/// <summary>A body the receiver took and when it came on its clock.</summary>
public sealed record WebhookDelivery(JsonNode Body, DateTimeOffset At);
