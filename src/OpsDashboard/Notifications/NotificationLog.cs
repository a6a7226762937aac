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

/// <summary>One alert on one channel; <paramref name="Phase"/> is null for what is not a tile's alert (Watchdog, heartbeat).</summary>
public sealed record DeliveryRecord(DateTimeOffset At, string Channel, DeliveryOutcome Outcome, string Headline, string? Detail, bool IsDemo, AlertPhase? Phase = null);

/// <summary>The latest deliveries, newest last, bounded; read by the Notifications page.</summary>
public sealed class NotificationLog
{
    public const int Capacity = 1000;

    private readonly Lock _lock = new();
    private readonly LinkedList<DeliveryRecord> _records = new();

    /// <summary>Raised after a record is added, on the adder's thread: the Notifications page re-renders on it.</summary>
    public event Action? Added;

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

        Added?.Invoke();
    }
}
