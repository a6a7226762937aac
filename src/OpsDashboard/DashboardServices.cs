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
    /// <summary>Everything the dashboard needs: options, store, sources with their collectors, history, UI, health.</summary>
    public static IServiceCollection AddOpsDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingletonTimeProvider();
        services.AddSingleton<PanelStore>();
        services.AddSingleton(sp => new SourceCatalog(sp.GetServices<SourceInfo>()));

        services.AddValidatedOptions<HistoryOptions, HistoryOptionsValidator>(configuration, HistoryOptions.Section);
        services.AddValidatedOptions<DemoOptions, DemoOptionsValidator>(configuration, DemoOptions.Section);
        services.AddValidatedOptions<ScaleOutOptions, ScaleOutOptionsValidator>(configuration, ScaleOutOptions.Section);
        var scaleOut = bool.TryParse(configuration[$"{ScaleOutOptions.Section}:Enabled"], out var scaleOutEnabled) && scaleOutEnabled;

        services.AddValidatedOptions<KubernetesOptions, KubernetesOptionsValidator>(configuration, KubernetesOptions.Section);
        services.AddValidatedOptions<FreshnessOptions, FreshnessOptionsValidator>(configuration, FreshnessOptions.Section);
        services.AddValidatedOptions<ImportOptions, ImportOptionsValidator>(configuration, ImportOptions.Section);
        services.AddValidatedOptions<CloudWatchOptions, CloudWatchOptionsValidator>(configuration, CloudWatchOptions.Section);
        services.AddValidatedOptions<PrometheusOptions, PrometheusOptionsValidator>(configuration, PrometheusOptions.Section);
        services.AddValidatedOptions<CdnOptions, CdnOptionsValidator>(configuration, CdnOptions.Section);
        services.AddWeeklyReport(configuration);
        var realSources = AddKubernetesSources(services, configuration) + AddFreshnessSources(services, configuration) + AddImportSources(services, configuration)
            + AddCdnSources(services, configuration);

        // Read leniently here: a malformed value is reported, with its key, by ConfigurationCheck before anything starts.
        _ = Enum.TryParse<DemoMode>(configuration[$"{DemoOptions.Section}:Mode"], ignoreCase: true, out var demoMode);
        var demo = demoMode == DemoMode.Always || (demoMode == DemoMode.Auto && realSources == 0);
        if (demo)
        {
            services.AddDemoSources();
        }

        services.AddSingleton<HistoryHealth>();
        if (scaleOut)
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
        if (!bool.TryParse(configuration[$"{HistoryOptions.Section}:Enabled"], out var historyEnabled) || historyEnabled)
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
            services.AddPanelSource(sp => new MySqlImportProgressSource(
                sp.GetRequiredService<IOptions<ImportOptions>>().Value.Imports[index], sp.GetRequiredService<TimeProvider>(), sp.GetService<CloudWatchRefresh>()));
        }

        if (configuration.GetSection($"{ImportOptions.Section}:Imports").GetChildren().Any(i => !string.IsNullOrEmpty(i["DbInstanceIdentifier"])))
        {
            services.AddSingleton<ICloudWatchDemand>(sp => new RdsInstanceMetrics.Demand(sp.GetRequiredService<IOptions<ImportOptions>>().Value));
            AddCloudWatchRefresh(services);
        }

        return imports;
    }

    /// <summary>The CDN source when distributions are configured, with the shared CloudWatch refresh; returns how many sources.</summary>
    private static int AddCdnSources(IServiceCollection services, IConfiguration configuration)
    {
        if (!configuration.GetSection($"{CdnOptions.Section}:Distributions").GetChildren().Any())
        {
            return 0;
        }

        services.AddSingleton<ICloudWatchDemand>(sp => new CdnSeriesPlan.Demand(sp.GetRequiredService<IOptions<CdnOptions>>().Value));
        AddCloudWatchRefresh(services);
        if (!string.IsNullOrEmpty(configuration[$"{PrometheusOptions.Section}:Url"]))
        {
            services.AddSingleton(sp =>
            {
                var prometheus = sp.GetRequiredService<IOptions<PrometheusOptions>>().Value;
                var url = prometheus.Url!.AbsoluteUri;
                return new PrometheusClient(new HttpClient { Timeout = prometheus.Timeout }, new Uri(url.EndsWith('/') ? url : url + "/"));
            });
        }
        services.AddPanelSource(sp => new CloudWatchCdnSource(
            sp.GetRequiredService<IOptions<CdnOptions>>().Value,
            sp.GetRequiredService<CloudWatchRefresh>(),
            sp.GetService<PrometheusClient>(),
            sp.GetRequiredService<TimeProvider>()));
        return 1;
    }

    /// <summary>The one CloudWatch client and refresh that every panel's CloudWatch series share.</summary>
    private static void AddCloudWatchRefresh(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CloudWatchRefresh)))
        {
            return;
        }

        services.AddSingleton<IAwsCredentialSource>(sp => new AwsSdkCredentialSource(sp.GetRequiredService<IOptions<CloudWatchOptions>>().Value.Profile));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CloudWatchOptions>>().Value;
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.Timeout };
            return new CloudWatchClient(http, sp.GetRequiredService<IAwsCredentialSource>(), sp.GetRequiredService<TimeProvider>(), options.Endpoint, options.MaxRetries);
        });
        services.AddSingleton<CloudWatchRefresh>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CloudWatchRefresh>());
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

    /// <summary>Binds a section and checks it with its validator when the app starts.</summary>
    private static void AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
