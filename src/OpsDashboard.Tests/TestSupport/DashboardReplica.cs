using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>
/// One replica of the dashboard in this process: the app's own services (AddOpsDashboard) and hosted services on a
/// host of their own, without the web server, so a test can run several side by side and look into their stores.
/// </summary>
public sealed class DashboardReplica : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly TempDirectory _dir;
    private bool _stopped;

    private DashboardReplica(IHost host, TempDirectory dir, string name)
    {
        _host = host;
        _dir = dir;
        Name = name;
    }

    public string Name { get; }

    public IServiceProvider Services => _host.Services;

    public PanelStore Store => Services.GetRequiredService<PanelStore>();

    public ILeadership Leadership => Services.GetRequiredService<ILeadership>();

    public static async Task<DashboardReplica> StartAsync(string name, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var dir = new TempDirectory();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = dir.Path, EnvironmentName = "Test", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddOpsDashboard(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new DashboardReplica(host, dir, name);
    }

    /// <summary>
    /// Stops the replica the way a crash or an evicted pod looks to the others: its polling and its Lease renewals
    /// stop, and nothing hands the Lease over (KubernetesClient's elector has no release).
    /// </summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
        _dir.Dispose();
    }
}
