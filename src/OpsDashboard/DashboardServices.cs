using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpsDashboard.Components;
using MudBlazor.Services;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Health;
using OpsDashboard.History;
using OpsDashboard.Kubernetes;
using OpsDashboard.Notifications;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;
using OpsDashboard.Security;
using OpsDashboard.Reports;
using OpsDashboard.ScaleOut;
using OpsDashboard.Telemetry;
using OpsDashboard.Timeline;
using OpsDashboard.TimeSeries;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard;

public static class DashboardServices
{
    /// <summary>Everything the dashboard needs: options, store, every panel's sources with their collectors, history, UI, health.</summary>
    public static IServiceCollection AddOpsDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<PanelStore>();
        services.AddSingleton(sp => new SourceCatalog(sp.GetServices<SourceInfo>()));

        var history = services.AddValidatedOptions<HistoryOptions, HistoryOptionsValidator>(configuration, HistoryOptions.Section);
        var demoOptions = services.AddValidatedOptions<DemoOptions, DemoOptionsValidator>(configuration, DemoOptions.Section);
        var kubernetes = services.AddValidatedOptions<KubernetesOptions, KubernetesOptionsValidator>(configuration, KubernetesOptions.Section);
        services.AddValidatedOptions<CloudWatchOptions, CloudWatchOptionsValidator>(configuration, CloudWatchOptions.Section);
        var prometheus = services.AddValidatedOptions<PrometheusOptions, PrometheusOptionsValidator>(configuration, PrometheusOptions.Section);
        var setup = new PanelServices(services, configuration, kubernetes, prometheus);
        var realSources = DashboardPanels.All.Sum(panel => panel.AddSources(setup));
        services.AddWeeklyReport(configuration);
        services.AddNotifications(configuration);

        var demo = demoOptions.Mode == DemoMode.Always || (demoOptions.Mode == DemoMode.Auto && realSources == 0);
        if (demo)
        {
            services.AddDemoSources();
        }

        services.AddSingleton<HistoryHealth>();
        var scaleOut = services.AddValidatedOptions<ScaleOutOptions, ScaleOutOptionsValidator>(configuration, ScaleOutOptions.Section);
        if (scaleOut.Enabled)
        {
            services.AddScaleOut();
        }
        else
        {
            services.AddSingleton<ILeadership, SingleReplica>();
            services.AddSingleton<HistoryLocation>(sp => new SqliteHistoryLocation(
                Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, sp.GetRequiredService<IOptions<HistoryOptions>>().Value.Path)));
        }

        services.AddSingleton<HistoryDatabase>();
        services.AddSingleton<TimelineFeed>();
        services.AddSingleton<SampleFeed>();
        services.AddSingleton<TriageReads>();
        services.AddSingleton<PostmortemExportLimit>();
        if (history.Enabled)
        {
            if (demo)
            {
                // Before the recorders: they continue from what the demo's played past left open.
                services.AddSingleton<IHostedService, DemoHistoryBackfill>();
            }

            services.AddSingleton<HistoryRecorder>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<HistoryRecorder>());
            services.AddSingleton<TimelineRecorder>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TimelineRecorder>());
        }

        services.AddDashboardSecurity(configuration);
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

        app.UseTrustedForwardedProto();
        app.UseSecurityHeaders();
        app.UseHostAllowList();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseCircuitCapPage();
        app.UseAntiforgery();

        // Liveness answers from the process alone: no check runs, so a slow upstream can never get us killed.
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();
        app.MapDashboardMetrics().AllowAnonymous();
        app.MapKiosk();
        app.MapOidcSignOut();
        app.MapTimelineExport();

        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options =>
        {
            // The app's own CSP (SecurityHeaders) already says frame-ancestors 'none'; no second, laxer header.
            options.ContentSecurityFrameAncestorsPolicy = null;

            // No per-message compression on the circuit's WebSocket: each compressed connection keeps a zlib deflate
            // and inflate state in native memory for its whole life, to save bandwidth on render batches of a few
            // hundred bytes.
            options.ConfigureWebSocketAcceptContext = (_, context) =>
            {
                context.DangerousEnableCompression = false;
                return Task.CompletedTask;
            };
        });
        return app;
    }

    /// <summary>Every panel's demo source and the demo fleet they share.</summary>
    public static IServiceCollection AddDemoSources(this IServiceCollection services)
    {
        services.AddSingleton<DemoFleet>();
        foreach (var panel in DashboardPanels.All)
        {
            panel.AddDemoSource(services);
        }

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
