using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Notifications;

/// <summary>
/// Turns what the store shows into messages, as Alertmanager's rules would: a state must hold for its For before it
/// fires (a shorter blip sends nothing), a change of status while firing is sent at once, a tile still not OK is sent
/// again each repeat interval, and the tile found OK again is sent once as resolved with how long it lasted. Pure: the
/// caller passes the time, and seeds it with what was open before a restart.
/// </summary>
public sealed class AlertTracker(AlertRules rules)
{
    private readonly Dictionary<PanelKey, Pending> _pending = [];
    private readonly Dictionary<PanelKey, OpenAlert> _open = [];

    public IReadOnlyCollection<OpenAlert> Open => _open.Values;

    public AlertRules Rules => rules;

    /// <summary>The earliest moment after <paramref name="now"/> a state held back for its For will have held long enough; null when none will.</summary>
    public DateTimeOffset? NextDueAfter(DateTimeOffset now) => _pending.Select(p => p.Value.Since + rules.ForOf(p.Key)).Where(due => due > now).Order().Cast<DateTimeOffset?>().FirstOrDefault();

    /// <summary>Continues alerts sent before a restart: they are neither sent again nor forgotten.</summary>
    public void Seed(IEnumerable<OpenAlert> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        foreach (var alert in open)
        {
            _open[alert.Tile] = alert;
        }
    }

    /// <summary>A silence over an open alert ended: the next observation sends it again if it is still not OK.</summary>
    public void Remind(PanelKey tile)
    {
        if (_open.TryGetValue(tile, out var open))
        {
            _open[tile] = open with { LastSentAt = DateTimeOffset.MinValue };
        }
    }

    public IReadOnlyList<TileAlert> Observe(StoreView view, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(view);
        var messages = new List<TileAlert>();
        foreach (var (key, entry) in view.Tiles)
        {
            // A tile waiting for its first data (after a restart) is not OK yet: an open alert stays open.
            if (entry.StatusAt(now) == TileStatus.Waiting)
            {
                continue;
            }

            var status = rules.NotifyingStatus(entry, now);
            var open = _open.GetValueOrDefault(key);
            if (status is not { } firing)
            {
                _pending.Remove(key);
                if (open is not null)
                {
                    _open.Remove(key);
                    var endsAt = TileStates.ChangedAt(entry, entry.StatusAt(now), now);
                    messages.Add(new TileAlert(key, AlertPhase.Resolved, open.Status, open.StartsAt, endsAt < open.StartsAt ? open.StartsAt : endsAt, now, TileStates.Sentence(entry, now), entry.IsDemo));
                }

                continue;
            }

            var summary = TileStates.Sentence(entry, now);
            if (open is not null)
            {
                var changed = open.Status != firing;
                if (changed || now - open.LastSentAt >= rules.Options.RepeatInterval)
                {
                    _open[key] = open with { Status = firing, LastSentAt = now, Summary = summary };
                    messages.Add(new TileAlert(key, AlertPhase.Firing, firing, open.StartsAt, null, now, summary, entry.IsDemo, IsRepeat: !changed));
                }

                continue;
            }

            if (!_pending.TryGetValue(key, out var pending))
            {
                pending = new Pending(rules.BeganAt(entry, firing, now));
                _pending[key] = pending;
            }

            if (now - pending.Since >= rules.ForOf(key))
            {
                _pending.Remove(key);
                _open[key] = new OpenAlert(key, firing, pending.Since, now, summary, entry.IsDemo);
                messages.Add(new TileAlert(key, AlertPhase.Firing, firing, pending.Since, null, now, summary, entry.IsDemo));
            }
        }

        return messages;
    }

    private sealed record Pending(DateTimeOffset Since);
}
