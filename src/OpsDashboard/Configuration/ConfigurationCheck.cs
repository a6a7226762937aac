using Microsoft.Extensions.Options;
using OpsDashboard.Demo;
using OpsDashboard.History;

namespace OpsDashboard.Configuration;

/// <summary>
/// Validates every options section before anything starts, so a user sees all problems at once rather than the first
/// one a hosted service happens to touch.
/// </summary>
public static class ConfigurationCheck
{
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        var failures = new List<string>();
        Collect<HistoryOptions>(services, failures);
        Collect<DemoOptions>(services, failures);
        Collect<Kubernetes.KubernetesOptions>(services, failures);
        Collect<Panels.Freshness.FreshnessOptions>(services, failures);
        Collect<Panels.RdsImport.ImportOptions>(services, failures);
        Collect<Panels.Cdn.CdnOptions>(services, failures);
        Collect<TimeSeries.CloudWatch.CloudWatchOptions>(services, failures);
        Collect<TimeSeries.Prometheus.PrometheusOptions>(services, failures);
        Collect<Security.SecurityOptions>(services, failures);
        Collect<Reports.ReportOptions>(services, failures);
        Collect<ScaleOut.ScaleOutOptions>(services, failures);
        if (failures.Count > 0)
        {
            throw new DashboardConfigurationException(failures);
        }
    }

    private static void Collect<T>(IServiceProvider services, List<string> failures)
        where T : class
    {
        try
        {
            _ = services.GetRequiredService<IOptions<T>>().Value;
        }
        catch (OptionsValidationException ex)
        {
            failures.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            failures.Add($"{ex.Message} {ex.InnerException?.Message}");
        }
    }
}
