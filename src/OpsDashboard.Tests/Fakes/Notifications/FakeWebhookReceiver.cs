using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace OpsDashboard.Tests.Fakes.Notifications;

/// <summary>A webhook receiver on 127.0.0.1: keeps every JSON body posted to it, answering each with the next scripted status (200 once the script is spent).</summary>
public sealed class FakeWebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<JsonNode> _received = Channel.CreateUnbounded<JsonNode>();
    private readonly Queue<HttpStatusCode> _script = new();
    private readonly Task _loop;

    public FakeWebhookReceiver(params HttpStatusCode[] answers)
    {
        foreach (var answer in answers)
        {
            _script.Enqueue(answer);
        }

        Port = TestSupport.DashboardProcess.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    public int Requests { get; private set; }

    /// <summary>The next body that was answered 2xx, awaited.</summary>
    public async Task<JsonNode> NextAsync(CancellationToken cancellationToken) => await _received.Reader.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (HttpListenerException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            HttpStatusCode status;
            lock (_script)
            {
                Requests++;
                status = _script.Count > 0 ? _script.Dequeue() : HttpStatusCode.OK;
            }

            if ((int)status < 300)
            {
                _received.Writer.TryWrite(JsonNode.Parse(body)!);
            }

            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }
}
