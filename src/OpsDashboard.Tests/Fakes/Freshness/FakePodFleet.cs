using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Tests.Fakes.Freshness;

/// <summary>
/// Pods with health pages: a real Kestrel server on a loopback address, one path per pod (/{pod}/healthz-cron/), or
/// any path when a single pod is served per address. Pages can be changed while it runs.
/// </summary>
public sealed class FakePodFleet : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeHealthPage> _pages = new(StringComparer.Ordinal);

    private FakePodFleet(WebApplication app, IPAddress address)
    {
        _app = app;
        Address = address;
    }

    public IPAddress Address { get; }

    public int Port { get; private set; }

    /// <summary>Requests answered so far, all pods together.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;

    public static async Task<FakePodFleet> StartAsync(IPAddress? address = null, int port = 0)
    {
        address ??= IPAddress.Loopback;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        var app = builder.Build();
        var fleet = new FakePodFleet(app, address);
        app.Run(fleet.AnswerAsync);
        await app.StartAsync();
        fleet.Port = new Uri(app.Urls.First()).Port;
        return fleet;
    }

    /// <summary>Sets what <paramref name="pod"/> answers; the pod's URL is returned.</summary>
    public Uri Set(string pod, FakeHealthPage page)
    {
        _pages[pod] = page;
        return Url(pod);
    }

    public Uri Url(string pod) => new($"http://{Address}:{Port}/{pod}/healthz-cron/");

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        // With one page registered under "*", every path answers with it (one pod per address, as in Kubernetes).
        if (!_pages.TryGetValue(segments[0], out var page) && !_pages.TryGetValue("*", out page))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (page.Hang)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (page.Delay > TimeSpan.Zero)
        {
            await Task.Delay(page.Delay, context.RequestAborted);
        }

        context.Response.StatusCode = page.Status;
        context.Response.ContentType = page.ContentType;
        await context.Response.WriteAsync(page.Body ?? "", context.RequestAborted);
    }
}
