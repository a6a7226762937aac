using OpsDashboard.Notifications;

namespace OpsDashboard.Tests.TestSupport;

public static class NotificationLogWaits
{
    /// <summary>Awaits the log's Added event until a record matches <paramref name="match"/>; no polling, no deadline but the token.</summary>
    public static async Task<DeliveryRecord> RecordAsync(this NotificationLog log, Func<DeliveryRecord, bool> match, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        var added = new SemaphoreSlim(0);
        void OnAdded() => added.Release();
        log.Added += OnAdded;
        try
        {
            while (true)
            {
                if (log.Recent.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                await added.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            log.Added -= OnAdded;
            added.Dispose();
        }
    }
}
