using OpsDashboard.Pipeline;

namespace OpsDashboard.Notifications;

/// <summary>Whether a message says a tile went wrong or that it is OK again. Values are stored: pinned.</summary>
public enum AlertPhase
{
    Firing = 0,
    Resolved = 1,
}

/// <summary>
/// One message a channel sends about one tile: it went (or is still) <see cref="AlertPhase.Firing"/> with a status, or it
/// is <see cref="AlertPhase.Resolved"/> after lasting <see cref="Lasted"/>. Channels turn it into their own wire format.
/// </summary>
/// <param name="Tile">The tile: panel, cluster and target.</param>
/// <param name="Phase">Firing or resolved.</param>
/// <param name="Status">The status it fires with; for a resolve, the last status it fired with.</param>
/// <param name="StartsAt">When the state began (before its For had passed).</param>
/// <param name="EndsAt">When it was found OK again; null while firing.</param>
/// <param name="At">When this message was made.</param>
/// <param name="Summary">The tile's sentence: its headline and why.</param>
/// <param name="IsDemo">A demo tile: every message says DEMO.</param>
/// <param name="IsRepeat">Sent again because the tile is still not OK after the repeat interval.</param>
public sealed record TileAlert(
    PanelKey Tile,
    AlertPhase Phase,
    TileStatus Status,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset At,
    string Summary,
    bool IsDemo,
    bool IsRepeat = false)
{
    public TimeSpan? Lasted => EndsAt - StartsAt;

    /// <summary>The alert's identity across its messages: the tile's key (what a restart and Alertmanager match on).</summary>
    public string Fingerprint => Tile.ToString();

    /// <summary>"critical" for CRITICAL and ERROR, "warning" otherwise: Alertmanager's usual severity label.</summary>
    public string Severity => Status is TileStatus.Critical or TileStatus.Error ? "critical" : "warning";
}

/// <summary>An alert that has been sent and not yet resolved: what the tracker keeps, and what survives a restart.</summary>
public sealed record OpenAlert(PanelKey Tile, TileStatus Status, DateTimeOffset StartsAt, DateTimeOffset LastSentAt, string Summary, bool IsDemo);

/// <summary>An open alert as one channel was last sent it: a row of the history database's <c>sent_alerts</c>.</summary>
public sealed record SentAlert(string Channel, OpenAlert Alert);
