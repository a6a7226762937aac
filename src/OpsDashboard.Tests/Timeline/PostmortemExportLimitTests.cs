using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpsDashboard.History;
using OpsDashboard.Tests.EndToEnd;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

/// <summary>
/// The real app's pipeline in this process, on loopback, with a history whose readers wait at a gate the test opens:
/// exports are held mid-read until the limit is full, and what a further export and liveness get is checked then.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PostmortemExportLimitTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Past_the_limit_an_export_gets_503_with_retry_after_while_liveness_answers_and_exports_work_again_once_released()
    {
        var path = _dir.File("h.db");
        await (await HistoryStore.OpenAsync(path, _timeout.Token)).DisposeAsync();
        var gate = new GatedHistoryLocation(new SqliteHistoryLocation(path));
        await using var app = await StartAsync(gate, new Dictionary<string, string?>
        {
            ["Dashboard:History:Path"] = path,
            ["Dashboard:Security:MaxConcurrentExports"] = "2",
        });
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var held = new[] { http.GetAsync(TimelineEndpoints.Postmortem, _timeout.Token), http.GetAsync(TimelineEndpoints.Postmortem, _timeout.Token) };
        await gate.WaitForHeldAsync(2, _timeout.Token);
        using var refused = await http.GetAsync(TimelineEndpoints.Postmortem, _timeout.Token);
        using var live = await http.GetAsync("/healthz/live", _timeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(PostmortemExportLimit.RetryAfter, refused.Headers.RetryAfter?.Delta);
        Assert.Equal("2 postmortem exports are already running (the limit, Dashboard:Security:MaxConcurrentExports): try again in 10 s.",
            await refused.Content.ReadAsStringAsync(_timeout.Token));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.All(held, t => Assert.False(t.IsCompleted));

        gate.Open();
        foreach (var response in await Task.WhenAll(held))
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/markdown", response.Content.Headers.ContentType?.MediaType);
            }
        }

        using var after = await http.GetAsync(TimelineEndpoints.Postmortem, _timeout.Token);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    private async Task<WebApplication> StartAsync(HistoryLocation history, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(Program).Assembly.GetName().Name,
            ContentRootPath = _dir.Path,
            EnvironmentName = "Test",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddOpsDashboard(builder.Configuration);
        builder.Services.AddSingleton(history);
        var app = builder.Build();
        app.UseOpsDashboard();
        await app.StartAsync(_timeout.Token);
        return app;
    }

    /// <summary>A real SQLite history whose readers wait until <see cref="Open"/>; the writer is never held.</summary>
    private sealed class GatedHistoryLocation(HistoryLocation inner) : HistoryLocation
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _arrived = new(0);

        public override string Description => inner.Description;

        public void Open() => _open.TrySetResult();

        public async Task WaitForHeldAsync(int readers, CancellationToken cancellationToken)
        {
            for (var i = 0; i < readers; i++)
            {
                await _arrived.WaitAsync(cancellationToken);
            }
        }

        public override Task<HistoryStore> OpenWriterAsync(CancellationToken cancellationToken) => inner.OpenWriterAsync(cancellationToken);

        public override async Task<HistoryStore> OpenReaderAsync(CancellationToken cancellationToken)
        {
            _arrived.Release();
            await _open.Task.WaitAsync(cancellationToken);
            return await inner.OpenReaderAsync(cancellationToken);
        }
    }
}
