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

    /// <summary>Severity used to sort worst first: failing and stale data rank just below critical, since nobody can vouch for it.</summary>
    public int SeverityAt(DateTimeOffset now) => ConditionAt(now) switch
    {
        TileCondition.Failing => 4,
        TileCondition.Stale => 3,
        TileCondition.Waiting => 0,
        _ => Snapshot!.Health switch
        {
            DataHealth.Critical => 5,
            DataHealth.Warning => 2,
            _ => 1,
        },
    };
}
