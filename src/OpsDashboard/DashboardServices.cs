using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpsDashboard.Components;
using MudBlazor.Services;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Health;
using OpsDashboard.History;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.Telemetry;

namespace OpsDashboard;

public static class DashboardServices
{
    /// <summary>Everything the dashboard needs: options, store, sources with their collectors, history, UI, health.</summary>
    public static IServiceCollection AddOpsDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<PanelStore>();
        services.AddSingleton(sp => new SourceCatalog(sp.GetServices<SourceInfo>()));

        services.AddOptions<HistoryOptions>().Bind(configuration.GetSection(HistoryOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HistoryOptions>, HistoryOptionsValidator>();
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();

        // Read leniently here: a malformed value is reported, with its key, by ConfigurationCheck before anything starts.
        _ = Enum.TryParse<DemoMode>(configuration[$"{DemoOptions.Section}:Mode"], ignoreCase: true, out var demoMode);
        // No real source exists yet, so Auto means the demo fleet; real sources will switch Auto off when configured.
        if (demoMode != DemoMode.Off)
        {
            services.AddDemoSources();
        }

        services.AddSingleton<HistoryHealth>();
        if (!bool.TryParse(configuration[$"{HistoryOptions.Section}:Enabled"], out var historyEnabled) || historyEnabled)
        {
            services.AddSingleton<HistoryRecorder>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<HistoryRecorder>());
        }

        services.AddMudServices();
        services.AddDashboardTelemetry();
        services.AddHealthChecks().AddCheck<StartupHealthCheck>("started", tags: ["ready"]);
        return services;
    }

    /// <summary>The request pipeline: health endpoints, /metrics, static assets, the Blazor app.</summary>
    public static WebApplication UseOpsDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAntiforgery();

        // Liveness answers from the process alone: no check runs, so a slow upstream can never get us killed.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapDashboardMetrics();

        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    public static IServiceCollection AddDemoSources(this IServiceCollection services)
    {
        services.AddSingleton<DemoFleet>();
        services.AddPanelSource(sp => ActivatorUtilities.CreateInstance<DemoNodesSource>(sp));
        services.AddPanelSource(sp => ActivatorUtilities.CreateInstance<DemoPodReadinessSource>(sp));
        services.AddPanelSource(sp => ActivatorUtilities.CreateInstance<DemoFreshnessSource>(sp));
        services.AddPanelSource(sp => ActivatorUtilities.CreateInstance<DemoImportProgressSource>(sp));
        services.AddPanelSource(sp => ActivatorUtilities.CreateInstance<DemoCdnSource>(sp));
        return services;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
