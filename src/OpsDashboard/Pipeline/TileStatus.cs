namespace OpsDashboard.Pipeline;

/// <summary>
/// What a tile says about its target right now: the data's own health and the data's age and source together. The
/// one domain type for a tile's state; words, icons and colours are derived from it in Components, and it is stored
/// (timeline state rows) by its <see cref="TileStatusCodes.Code"/>, never by a label. Values are pinned.
/// </summary>
public enum TileStatus
{
    Waiting = 0,
    Ok = 1,
    Warning = 2,
    Critical = 3,
    Stale = 4,
    Error = 5,
}

/// <summary>The stable codes and the worst-first rank of <see cref="TileStatus"/>.</summary>
public static class TileStatusCodes
{
    /// <summary>"critical": what the history database and other replicas read back. Never change a code.</summary>
    public static string Code(this TileStatus status) => status switch
    {
        TileStatus.Ok => "ok",
        TileStatus.Warning => "warning",
        TileStatus.Critical => "critical",
        TileStatus.Stale => "stale",
        TileStatus.Error => "error",
        _ => "waiting",
    };

    /// <summary>"CRITICAL": the status as the wall and the timeline write it.</summary>
    public static string Word(this TileStatus status) => status.Code().ToUpperInvariant();

    public static TileStatus? FromCode(string? code) => code switch
    {
        "waiting" => TileStatus.Waiting,
        "ok" => TileStatus.Ok,
        "warning" => TileStatus.Warning,
        "critical" => TileStatus.Critical,
        "stale" => TileStatus.Stale,
        "error" => TileStatus.Error,
        _ => null,
    };

    /// <summary>
    /// Worst first: failing and stale data rank just below critical, since nobody can vouch for it; waiting ranks last.
    /// </summary>
    public static int Rank(this TileStatus status) => status switch
    {
        TileStatus.Critical => 5,
        TileStatus.Error => 4,
        TileStatus.Stale => 3,
        TileStatus.Warning => 2,
        TileStatus.Ok => 1,
        _ => 0,
    };
}
