namespace OpsDashboard.Pipeline;

public static class PipelineServiceCollectionExtensions
{
    /// <summary>Registers a source, its <see cref="SourceInfo"/> for the catalog, and the hosted collector that runs it.</summary>
    public static IServiceCollection AddPanelSource<TSnapshot>(this IServiceCollection services, Func<IServiceProvider, IPanelSource<TSnapshot>> factory)
        where TSnapshot : PanelSnapshot
    {
        ArgumentNullException.ThrowIfNull(factory);
        var holder = new SourceHolder<TSnapshot>(factory);
        services.AddSingleton(holder.Get);
        services.AddSingleton(sp => holder.Get(sp).Info);
        // Registered directly rather than with AddHostedService, which would keep only one collector per snapshot type.
        services.AddSingleton<IHostedService>(sp => ActivatorUtilities.CreateInstance<SourceCollector<TSnapshot>>(sp, holder.Get(sp)));
        return services;
    }

    /// <summary>One source instance shared by the three registrations above.</summary>
    private sealed class SourceHolder<TSnapshot>(Func<IServiceProvider, IPanelSource<TSnapshot>> factory)
        where TSnapshot : PanelSnapshot
    {
        private readonly Lock _lock = new();
        private IPanelSource<TSnapshot>? _source;

        public IPanelSource<TSnapshot> Get(IServiceProvider services)
        {
            lock (_lock)
            {
                return _source ??= factory(services);
            }
        }
    }
}
