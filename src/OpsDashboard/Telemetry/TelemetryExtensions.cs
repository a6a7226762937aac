using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace OpsDashboard.Telemetry;

public static class TelemetryExtensions
{
    public static IServiceCollection AddDashboardTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<CircuitTally>();
        services.AddSingleton<DashboardMetrics>();
        services.AddSingleton(sp => new TileMetrics(sp.GetRequiredService<Pipeline.PanelStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new KubernetesMetrics(sp.GetService<Kubernetes.KubernetesFleet>()));
        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitTallyHandler>());
        return services;
    }

    /// <summary>Serves /metrics in Prometheus text format: the dashboard's series plus prometheus-net's runtime ones.</summary>
    public static IEndpointConventionBuilder MapDashboardMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var metrics = app.Services.GetRequiredService<DashboardMetrics>();
        Metrics.DefaultRegistry.AddBeforeCollectCallback(metrics.Refresh);
        Metrics.DefaultRegistry.AddBeforeCollectCallback(app.Services.GetRequiredService<KubernetesMetrics>().Refresh);
        Metrics.DefaultRegistry.AddBeforeCollectCallback(app.Services.GetRequiredService<TileMetrics>().Refresh);
        return app.MapMetrics();
    }
}
