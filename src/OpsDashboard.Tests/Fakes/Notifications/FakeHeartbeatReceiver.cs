using System.Net;
using System.Threading.Channels;

namespace OpsDashboard.Tests.Fakes.Notifications;

/// <summary>
/// A dead man's switch on 127.0.0.1 in the manner of healthchecks.io: a GET of its ping URL answers 200 "OK" and is
/// kept with the time on the test's clock when it came; anything else is 404 "not found".
/// </summary>
public sealed class FakeHeartbeatReceiver : IAsyncDisposable
{
    private readonly Channel<DateTimeOffset> _pings = Channel.CreateUnbounded<DateTimeOffset>();
    private readonly List<DateTimeOffset> _all = [];
    private readonly TimeProvider _clock;
    private readonly LoopbackHttpListener _listener;

    public FakeHeartbeatReceiver(TimeProvider clock)
    {
        _clock = clock;
        _listener = new LoopbackHttpListener(AnswerAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{_listener.Port}/ping/5bf66975-d4c7-4bf5-bcc8-b8d8a82ea278");

    public IReadOnlyList<DateTimeOffset> Pings
    {
        get
        {
            lock (_all)
            {
                return [.. _all];
            }
        }
    }

    /// <summary>When the next ping came, awaited.</summary>
    public async Task<DateTimeOffset> NextAsync(CancellationToken cancellationToken) => await _pings.Reader.ReadAsync(cancellationToken);

    public ValueTask DisposeAsync() => _listener.DisposeAsync();

    private async Task AnswerAsync(HttpListenerContext context)
    {
        var ping = context.Request.HttpMethod == "GET" && context.Request.Url!.AbsolutePath == Url.AbsolutePath;
        if (ping)
        {
            var at = _clock.GetUtcNow();
            lock (_all)
            {
                _all.Add(at);
            }

            _pings.Writer.TryWrite(at);
        }

        context.Response.StatusCode = ping ? 200 : 404;
        var bytes = System.Text.Encoding.UTF8.GetBytes(ping ? "OK" : "not found");
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}
