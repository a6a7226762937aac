namespace OpsDashboard.Pipeline;

/// <summary>The last time a source failed for a target, and since when it has been failing.</summary>
public sealed record SourceFault(string Message, DateTimeOffset Since, DateTimeOffset LastSeen);

/// <summary>What a tile can honestly claim about its data right now.</summary>
public enum TileCondition
{
    /// <summary>No data yet and no error yet.</summary>
    Waiting,

    /// <summary>Data younger than the panel's threshold and the source is not failing.</summary>
    Fresh,

    /// <summary>Data older than the panel's threshold; it is shown, marked as stale.</summary>
    Stale,

    /// <summary>The source is failing; the last good data (if any) is shown, marked.</summary>
    Failing,
}

/// <summary>The store's immutable record of one tile: latest snapshot, when it was taken, the last fault.</summary>
public sealed record TileEntry(
    PanelKey Key,
    PanelSnapshot? Snapshot,
    DateTimeOffset? TakenAt,
    SourceFault? Fault,
    bool IsDemo,
    TimeSpan StaleAfter)
{
    public TimeSpan? AgeAt(DateTimeOffset now) => TakenAt is { } taken ? now - taken : null;

    public bool IsStaleAt(DateTimeOffset now) => AgeAt(now) is { } age && age > StaleAfter;

    public TileCondition ConditionAt(DateTimeOffset now) => this switch
    {
        { Fault: not null } => TileCondition.Failing,
        { Snapshot: null } => TileCondition.Waiting,
        _ when IsStaleAt(now) => TileCondition.Stale,
        _ => TileCondition.Fresh,
    };

    /// <summary>The tile's status: the one mapping from what the data says and how current it is.</summary>
    public TileStatus StatusAt(DateTimeOffset now) => ConditionAt(now) switch
    {
        TileCondition.Waiting => TileStatus.Waiting,
        TileCondition.Failing => TileStatus.Error,
        TileCondition.Stale => TileStatus.Stale,
        _ => Snapshot!.Health switch
        {
            DataHealth.Critical => TileStatus.Critical,
            DataHealth.Warning => TileStatus.Warning,
            _ => TileStatus.Ok,
        },
    };

    /// <summary>Severity used to sort worst first (<see cref="TileStatusCodes.Rank"/>).</summary>
    public int SeverityAt(DateTimeOffset now) => StatusAt(now).Rank();

    /// <summary>Why nobody can vouch for the data, in one sentence: the source's fault and since when, or how stale it is; null otherwise.</summary>
    public string? ProblemAt(DateTimeOffset now) => Fault is { } fault
        ? $"{fault.Message} (since {Durations.ClockTime(fault.Since, now)})"
        : IsStaleAt(now) ? $"stale: no update for {Durations.Format(AgeAt(now)!.Value)} (limit {Durations.Format(StaleAfter)})" : null;
}
