using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Tests.Fakes.SiteChecks;

/// <summary>What one path of a <see cref="FakeSite"/> answers; <see cref="Statuses"/> are answered in turn, the last one from then on.</summary>
public sealed record FakePage(string Body = "<html><title>Mozilla</title></html>", params int[] Statuses)
{
    public string? RedirectTo { get; init; }
}

/// <summary>
/// A public site on loopback: a real Kestrel server on 127.0.0.1 port 0, plain HTTP or HTTPS with a certificate the
/// test gives, each path answering as it is told; pages can change while it runs.
/// </summary>
public sealed class FakeSite : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakePage> _pages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _asked = new(StringComparer.Ordinal);

    private FakeSite(WebApplication app, string scheme)
    {
        _app = app;
        Scheme = scheme;
    }

    public string Scheme { get; }

    public int Port { get; private set; }

    public static async Task<FakeSite> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            if (certificate is not null)
            {
                l.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var site = new FakeSite(app, certificate is null ? "http" : "https");
        app.Run(site.AnswerAsync);
        await app.StartAsync();
        site.Port = new Uri(app.Urls.First()).Port;
        return site;
    }

    public Uri Set(string path, FakePage page)
    {
        _pages[path] = page;
        return Url(path);
    }

    public Uri Url(string path, string host = "127.0.0.1") => new($"{Scheme}://{host}:{Port}{path}");

    public int Asked(string path) => _asked.GetValueOrDefault(path);

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var n = _asked.AddOrUpdate(path, 1, (_, c) => c + 1);
        if (!_pages.TryGetValue(path, out var page))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var statuses = page.Statuses.Length == 0 ? [200] : page.Statuses;
        context.Response.StatusCode = statuses[Math.Min(n, statuses.Length) - 1];
        if (page.RedirectTo is { } to)
        {
            context.Response.Headers.Location = to;
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(page.Body, context.RequestAborted);
    }
}

/// <summary>
/// A site that accepts connections and never answers: only a timeout ends a check of it. A connection is held silent
/// until its client closes it (as a hung server's kernel would see the FIN), then let go, so a long run holds only the
/// connections still open rather than every one ever made (the 200-round benchmark reached the 20,000 open-file limit).
/// </summary>
public sealed class FakeHangingSite : IDisposable
{
    private readonly System.Net.Sockets.TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly HashSet<System.Net.Sockets.TcpClient> _held = [];
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();

    public FakeHangingSite()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Completes once a connection has been accepted (and is being held silent).</summary>
    public Task Accepted => _accepted.Task;

    /// <summary>Completes once a client has closed a connection it held open here.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Connections accepted and not yet closed by their client.</summary>
    public int Held
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_held)
        {
            foreach (var c in _held)
            {
                c.Dispose();
            }

            _held.Clear();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_held)
                {
                    _held.Add(client);
                }

                _accepted.TrySetResult();
                _ = HoldUntilClosedAsync(client, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // Stopped.
        }
    }

    /// <summary>Reads and drops what the client sends, never answering, until it closes its end.</summary>
    private async Task HoldUntilClosedAsync(System.Net.Sockets.TcpClient client, CancellationToken stop)
    {
        var buffer = new byte[512];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, stop) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or IOException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            // Stopped, or the client reset the connection.
        }

        lock (_held)
        {
            _held.Remove(client);
        }

        client.Dispose();
        if (!stop.IsCancellationRequested)
        {
            _closed.TrySetResult();
        }
    }
}

/// <summary>A certificate for https://127.0.0.1 made by the test with CertificateRequest, valid for as long as it is told.</summary>
public static class FakeSiteCertificate
{
    public static X509Certificate2 Expiring(TimeSpan validFor) => Kubernetes.SelfSignedCertificate.ForLoopback("CN=fake-site", validFor);
}
