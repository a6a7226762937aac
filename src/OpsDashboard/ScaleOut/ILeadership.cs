namespace OpsDashboard.ScaleOut;

/// <summary>
/// Whether this replica is the one that polls upstreams and writes history. A single replica always is; scaled out,
/// the holder of the Kubernetes Lease is (<see cref="LeaseLeadership"/>).
/// </summary>
public interface ILeadership
{
    /// <summary>This replica's name, as it stands in the Lease and on the snapshots it publishes.</summary>
    string Identity { get; }

    bool IsLeader { get; }

    /// <summary>The replica last seen holding the Lease; null before any was seen.</summary>
    string? Leader { get; }

    /// <summary>
    /// Waits until this replica leads, then returns a token that is cancelled the moment it stops leading (the Lease
    /// was not renewed in time, or the app is stopping).
    /// </summary>
    Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken);
}

/// <summary>One replica, no election: it always leads.</summary>
public sealed class SingleReplica : ILeadership
{
    public string Identity => Environment.MachineName;

    public bool IsLeader => true;

    public string? Leader => Identity;

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken) => Task.FromResult(CancellationToken.None);
}

public static class LeadershipExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> for as long as this replica leads, and again each time it leads anew, until
    /// <paramref name="stoppingToken"/>. The work's token is cancelled when leadership is lost: a polled source then stops.
    /// </summary>
    public static async Task RunWhileLeadingAsync(this ILeadership leadership, Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(leadership);
        ArgumentNullException.ThrowIfNull(work);
        while (!stoppingToken.IsCancellationRequested)
        {
            CancellationToken term;
            try
            {
                term = await leadership.WaitForLeadershipAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, term);
            if (!term.CanBeCanceled)
            {
                await work(stoppingToken);
                return;
            }

            try
            {
                await work(leading.Token);
                // Work that ends on its own is not started again within the same term.
                await Task.Delay(Timeout.Infinite, leading.Token);
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
            }
        }
    }
}
