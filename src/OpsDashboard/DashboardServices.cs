using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpsDashboard.Components;
using MudBlazor.Services;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Health;
using OpsDashboard.History;
using OpsDashboard.Kubernetes;
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

        services.AddOptions<KubernetesOptions>().Bind(configuration.GetSection(KubernetesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KubernetesOptions>, KubernetesOptionsValidator>();
        services.AddOptions<FreshnessOptions>().Bind(configuration.GetSection(FreshnessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<FreshnessOptions>, FreshnessOptionsValidator>();
        services.AddOptions<ImportOptions>().Bind(configuration.GetSection(ImportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImportOptions>, ImportOptionsValidator>();
        var realSources = AddKubernetesSources(services, configuration) + AddFreshnessSources(services, configuration) + AddImportSources(services, configuration);

        // Read leniently here: a malformed value is reported, with its key, by ConfigurationCheck before anything starts.
        _ = Enum.TryParse<DemoMode>(configuration[$"{DemoOptions.Section}:Mode"], ignoreCase: true, out var demoMode);
        if (demoMode == DemoMode.Always || (demoMode == DemoMode.Auto && realSources == 0))
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
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options =>
        {
            // No per-message compression on the circuit's WebSocket: each compressed connection keeps a zlib deflate
            // and inflate state in native memory for its whole life, to save bandwidth on render batches of a few
            // hundred bytes. Turned off in a callback rather than with DisableWebSocketCompression, which would also
            // drop the frame-ancestors 'self' policy the framework sends.
            options.ConfigureWebSocketAcceptContext = (_, context) =>
            {
                context.DangerousEnableCompression = false;
                return Task.CompletedTask;
            };
        });
        return app;
    }

    /// <summary>Registers the Kubernetes sources when clusters are configured; returns how many sources that added.</summary>
    private static int AddKubernetesSources(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection($"{KubernetesOptions.Section}:Clusters").GetChildren().Any())
        {
            return 0;
        }

        services.AddSingleton<KubernetesFleet>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<KubernetesFleet>());
        services.AddPanelSource(sp => ActivatorUtilities.CreateInstance<KubernetesNodesSource>(sp));
        services.AddPanelSource(sp => ActivatorUtilities.CreateInstance<KubernetesPodReadinessSource>(sp));
        return 2;
    }

    /// <summary>One freshness source per configured app; returns how many.</summary>
    private static int AddFreshnessSources(IServiceCollection services, IConfiguration configuration)
    {
        var apps = configuration.GetSection($"{FreshnessOptions.Section}:Apps").GetChildren().Count();
        for (var i = 0; i < apps; i++)
        {
            var index = i;
            services.AddPanelSource(sp => new HttpFreshnessSource(
                sp.GetRequiredService<IOptions<FreshnessOptions>>().Value.Apps[index],
                sp.GetService<KubernetesFleet>(),
                sp.GetRequiredService<TimeProvider>()));
        }

        return apps;
    }

    /// <summary>One import progress source per configured import; returns how many.</summary>
    private static int AddImportSources(IServiceCollection services, IConfiguration configuration)
    {
        var imports = configuration.GetSection($"{ImportOptions.Section}:Imports").GetChildren().Count();
        for (var i = 0; i < imports; i++)
        {
            var index = i;
            services.AddPanelSource(sp => new MySqlImportProgressSource(sp.GetRequiredService<IOptions<ImportOptions>>().Value.Imports[index], sp.GetRequiredService<TimeProvider>()));
        }

        return imports;
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
