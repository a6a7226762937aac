using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpsDashboard.Tests.Fakes.Notifications;

/// <summary>
/// A Slack incoming webhook on 127.0.0.1 answering as Slack does: 200 "ok" for a JSON body with text, 400
/// "invalid_payload" for anything else, 403 "invalid_token" for a wrong secret, 404 "no_service" for a path that is not
/// a webhook, and whatever is scripted next (404 "channel_not_found", 429 "rate_limited" with Retry-After, 500). Each
/// message taken is kept with the time on the test's clock when it came.
/// </summary>
public sealed class FakeSlackWebhook : IAsyncDisposable
{
    private readonly Queue<(HttpStatusCode Status, string Body, TimeSpan? RetryAfter)> _script = new();
    private readonly List<SlackMessage> _messages = [];
    private readonly System.Threading.Channels.Channel<SlackMessage> _arrived = System.Threading.Channels.Channel.CreateUnbounded<SlackMessage>();
    private readonly TimeProvider _clock;
    private readonly LoopbackHttpListener _listener;
    private int _requests;

    public FakeSlackWebhook(TimeProvider clock)
    {
        _clock = clock;
        _listener = new LoopbackHttpListener(AnswerAsync);
    }

    public int Port => _listener.Port;

    /// <summary>The secret part of the URL, as Slack's are: what must never appear on a page or in a log.</summary>
    public string Secret { get; } = "xoxfake" + Guid.NewGuid().ToString("N");

    public Uri Url => new($"http://127.0.0.1:{Port}/services/T0FAKE/B0FAKE/{Secret}");

    public Uri WrongSecretUrl => new($"http://127.0.0.1:{Port}/services/T0FAKE/B0FAKE/not-the-secret");

    public Uri NoServiceUrl => new($"http://127.0.0.1:{Port}/hooks/nothing-here");

    public int Requests => Volatile.Read(ref _requests);

    public IReadOnlyList<SlackMessage> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The next message Slack took, awaited.</summary>
    public async Task<SlackMessage> NextMessageAsync(CancellationToken cancellationToken) => await _arrived.Reader.ReadAsync(cancellationToken);

    /// <summary>The next request is answered so, whatever it is.</summary>
    public void Answer(HttpStatusCode status, string body, TimeSpan? retryAfter = null)
    {
        lock (_script)
        {
            _script.Enqueue((status, body, retryAfter));
        }
    }

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync();
        Interlocked.Increment(ref _requests);
        var (status, answer, retryAfter) = Decide(context.Request.Url!.AbsolutePath, body);
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/html";
        if (retryAfter is { } after)
        {
            context.Response.AddHeader("Retry-After", ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var bytes = System.Text.Encoding.UTF8.GetBytes(answer);
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private (HttpStatusCode, string, TimeSpan?) Decide(string path, string body)
    {
        lock (_script)
        {
            if (_script.Count > 0)
            {
                return _script.Dequeue();
            }
        }

        if (!path.StartsWith("/services/", StringComparison.Ordinal))
        {
            return (HttpStatusCode.NotFound, "no_service", null);
        }

        if (path != Url.AbsolutePath)
        {
            return (HttpStatusCode.Forbidden, "invalid_token", null);
        }

        string? text;
        try
        {
            text = (string?)JsonNode.Parse(body)?["text"];
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            text = null;
        }

        if (string.IsNullOrEmpty(text))
        {
            return (HttpStatusCode.BadRequest, "invalid_payload", null);
        }

        var message = new SlackMessage(text, _clock.GetUtcNow());
        lock (_messages)
        {
            _messages.Add(message);
        }

        _arrived.Writer.TryWrite(message);

        return (HttpStatusCode.OK, "ok", null);
    }
}

/// <summary>A message Slack took: its text and when it came on the test's clock.</summary>
public sealed record SlackMessage(string Text, DateTimeOffset At);
