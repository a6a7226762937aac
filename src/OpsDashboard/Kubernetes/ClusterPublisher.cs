namespace OpsDashboard.Kubernetes;

/// <summary>
/// Turns cluster state changes into panel snapshots: at most one a second per cluster however busy the watch, and at
/// least every <see cref="Refresh"/> so a quiet but healthy cluster's tiles show their confirmed age.
/// </summary>
public static class ClusterPublisher
{
    public static readonly TimeSpan Debounce = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Refresh = TimeSpan.FromSeconds(15);

    public static Task RunAsync(KubernetesFleet fleet, TimeProvider time, Action<ClusterState, DateTimeOffset> publish, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        return Task.WhenAll(fleet.Clusters.Select(state => RunClusterAsync(state, time, publish, cancellationToken)));
    }

    private static async Task RunClusterAsync(ClusterState state, TimeProvider time, Action<ClusterState, DateTimeOffset> publish, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var version = state.Version;
            publish(state, time.GetUtcNow());
            using var refresh = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var changed = state.WaitForChangeAsync(version, refresh.Token);
            var tick = Task.Delay(Refresh, time, refresh.Token);
            await Task.WhenAny(changed, tick);
            await refresh.CancelAsync();
            await Task.Delay(Debounce, time, cancellationToken);
        }
    }
}
