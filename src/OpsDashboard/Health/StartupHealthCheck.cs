using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OpsDashboard.Health;

/// <summary>Ready once the host has started (collectors launched, endpoints mapped). Touches no upstream.</summary>
public sealed class StartupHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStarted.IsCancellationRequested
            ? HealthCheckResult.Healthy("started")
            : HealthCheckResult.Unhealthy("starting"));
}
