using OpsDashboard.History;

namespace OpsDashboard.Notifications;

/// <summary>
/// What each channel was sent, kept in the history database (<see cref="SentAlertTable"/>): the open alerts and when
/// each was last sent. A leader reads it when its term begins, so a restart or a new leader neither sends an open
/// alert again nor forgets to resolve it. With history off it is kept in memory only (a restart then starts afresh).
/// </summary>
public sealed class SentAlertState(HistoryDatabase? database)
{
    /// <summary>The alerts <paramref name="channel"/> was sent firing and not yet resolved; empty when the database cannot be read (logged on the banner).</summary>
    public Task<IReadOnlyList<OpenAlert>> LoadAsync(string channel, CancellationToken cancellationToken) =>
        database.ReadKeptAsync((store, ct) => store.SentAlertsAsync(channel, ct), cancellationToken);

    /// <summary>Records a batch <paramref name="channel"/> was sent: its firing alerts as open, its resolved ones as closed.</summary>
    public async Task RecordAsync(string channel, ChannelBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (!database.Keeps() || batch.IsResend || batch.Alerts.Count == 0)
        {
            return;
        }

        var firing = batch.Alerts.Where(a => a.Phase == AlertPhase.Firing)
            .Select(a => new SentAlert(channel, new OpenAlert(a.Tile, a.Status, a.StartsAt, a.At, a.Summary, a.IsDemo))).ToList();
        var resolved = batch.Alerts.Where(a => a.Phase == AlertPhase.Resolved).Select(a => a.Tile).ToList();
        await database.TryKeepAsync((store, ct) => store.RecordSentAsync(firing, channel, resolved, ct), cancellationToken);
    }
}
