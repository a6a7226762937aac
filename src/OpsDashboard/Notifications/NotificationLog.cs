namespace OpsDashboard.Notifications;

/// <summary>What became of one batch on one channel. Values are pinned.</summary>
public enum DeliveryOutcome
{
    Sent = 0,
    Retrying = 1,
    Failed = 2,

    /// <summary>No channel is configured: what would have been sent, kept for the Notifications page; nothing left the machine.</summary>
    NotSent = 3,
}

public sealed record DeliveryRecord(DateTimeOffset At, string Channel, DeliveryOutcome Outcome, string Headline, string? Detail, bool IsDemo);

/// <summary>The latest deliveries, newest last, bounded; read by the Notifications page.</summary>
public sealed class NotificationLog
{
    public const int Capacity = 1000;

    private readonly Lock _lock = new();
    private readonly LinkedList<DeliveryRecord> _records = new();

    public IReadOnlyList<DeliveryRecord> Recent
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    public void Add(DeliveryRecord record)
    {
        lock (_lock)
        {
            _records.AddLast(record);
            if (_records.Count > Capacity)
            {
                _records.RemoveFirst();
            }
        }
    }
}
