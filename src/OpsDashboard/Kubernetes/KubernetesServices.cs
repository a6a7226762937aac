using OpsDashboard.Panels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Kubernetes;

public static class KubernetesServices
{
    /// <summary>A panel's source on the watched clusters, when any are configured; returns how many sources that added (0 or 1).</summary>
    public static int AddKubernetesSource<TSnapshot>(this PanelServices setup, Func<IServiceProvider, IPanelSource<TSnapshot>> source)
        where TSnapshot : PanelSnapshot
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (setup.Kubernetes.Clusters.Count == 0)
        {
            return 0;
        }

        setup.Services.AddKubernetesFleet();
        setup.Services.AddPanelSource(source);
        return 1;
    }

    /// <summary>The watchers of the configured clusters, shared by every panel that reads Kubernetes; registered once.</summary>
    public static IServiceCollection AddKubernetesFleet(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(KubernetesFleet)))
        {
            return services;
        }

        services.AddSingleton<KubernetesFleet>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<KubernetesFleet>());
        return services;
    }
}
