using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Notifications;

/// <summary>Which of a tile's states notify and how long they must hold first: the options' defaults, or the first rule matching the tile.</summary>
public sealed class AlertRules(NotificationOptions options)
{
    public NotificationOptions Options { get; } = options;

    /// <summary>The status a tile notifies with now, or null when it does not (OK, a state not listed, or stale but not yet past StaleFor).</summary>
    public TileStatus? NotifyingStatus(TileEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var status = entry.StatusAt(now);
        var rule = Options.Rules.FirstOrDefault(r => r.Matches(entry.Key));
        var states = rule is null ? Options.EffectiveStates : rule.States;
        if (!states.Contains(status))
        {
            return null;
        }

        return status == TileStatus.Stale && entry.AgeAt(now) is { } age && age - entry.StaleAfter < Options.StaleFor ? null : status;
    }

    public TimeSpan ForOf(PanelKey key) => Options.Rules.FirstOrDefault(r => r.Matches(key))?.For ?? Options.For;

    /// <summary>When the tile's notifying state began: a fault from its start, stale data from its limit plus StaleFor, new data from when it was taken.</summary>
    public DateTimeOffset BeganAt(TileEntry entry, TileStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var at = TileStates.ChangedAt(entry, status, now);
        at = status == TileStatus.Stale ? at + Options.StaleFor : at;
        return at > now ? now : at;
    }
}
