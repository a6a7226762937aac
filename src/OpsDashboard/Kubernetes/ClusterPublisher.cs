using OpsDashboard.Pipeline;

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

    /// <summary>
    /// Publishes one panel's snapshot of every cluster: a failing cluster is marked (its last data stays), a synced one
    /// publishes its snapshot, stamped with when the API server last confirmed the resource.
    /// </summary>
    public static Task PublishAsync<TSnapshot>(KubernetesFleet fleet, TimeProvider time, IReadingSink<TSnapshot> sink, string resource,
        Func<ClusterState, bool> synced, Func<ClusterState, DateTimeOffset, TSnapshot> snapshot, CancellationToken cancellationToken)
        where TSnapshot : PanelSnapshot
    {
        ArgumentNullException.ThrowIfNull(sink);
        return RunAsync(fleet, time, (state, now) =>
        {
            if (state.Fault is { } fault)
            {
                sink.Fail(state.Name, state.Name, fault.Message);
            }
            else if (synced(state))
            {
                sink.Publish(state.Name, state.Name, snapshot(state, now), state.ConfirmedAt(resource) ?? now);
            }
        }, cancellationToken);
    }

    /// <summary>One cluster's publishing loop: <paramref name="publish"/> on each change, debounced, and every <see cref="Refresh"/>.</summary>
    internal static async Task RunClusterAsync(ClusterState state, TimeProvider time, Action<ClusterState, DateTimeOffset> publish, CancellationToken cancellationToken)
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
