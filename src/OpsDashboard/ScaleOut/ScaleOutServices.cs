using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;
using OpsDashboard.History;

namespace OpsDashboard.ScaleOut;

public static class ScaleOutServices
{
    /// <summary>The data protection application name: replicas share keys only when they share it.</summary>
    public const string ApplicationName = "OpsDashboard";

    /// <summary>
    /// Dashboard:ScaleOut on: one PostgreSQL database for history, Data Protection keys and the leader's tiles; a
    /// Lease-elected leader that alone polls upstreams and writes history; followers that take the leader's tiles.
    /// </summary>
    public static IServiceCollection AddScaleOut(this IServiceCollection services)
    {
        services.AddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<ScaleOutOptions>>().Value.ConnectionString!));
        services.AddSingleton<HistoryLocation>(sp => new PostgresHistoryLocation(sp.GetRequiredService<NpgsqlDataSource>()));

        services.AddSingleton<LeaseLeadership>();
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<LeaseLeadership>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<LeaseLeadership>());

        services.AddSingleton<SnapshotOutbox>();
        services.AddSingleton<ISnapshotOutbox>(sp => sp.GetRequiredService<SnapshotOutbox>());
        services.AddSingleton<SnapshotPublisher>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SnapshotPublisher>());
        services.AddSingleton<SnapshotFollower>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SnapshotFollower>());

        services.AddDataProtection().SetApplicationName(ApplicationName);
        services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, dataSource) => keys.XmlRepository = new PostgresKeyRepository(dataSource));
        return services;
    }
}
