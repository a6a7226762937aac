using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>
/// A panel's SLO counts kept in the history database (<see cref="SlotCountTable"/>): read when its source starts (a
/// restart or a new leader), written as they grow. With history off they live in memory only, and a restart starts
/// them afresh. A database that cannot be used costs nothing but the keeping: the problem is on the banner.
/// </summary>
public sealed class SlotCountState(HistoryDatabase? database)
{
    public Task<IReadOnlyList<SlotCount>> LoadAsync(PanelKind panel, CancellationToken cancellationToken) =>
        database.ReadKeptAsync((store, ct) => store.SlotCountsAsync(panel, ct), cancellationToken);

    /// <summary>Writes <paramref name="counts"/>; rows older than the slots the panel keeps go. False when they were not written.</summary>
    public async Task<bool> SaveAsync(PanelKind panel, IReadOnlyCollection<SlotCount> counts, long minutesFrom, long hoursFrom, CancellationToken cancellationToken) =>
        counts.Count == 0 || !database.Keeps()
        || await database.TryKeepAsync((store, ct) => store.WriteSlotCountsAsync(panel, counts, minutesFrom, hoursFrom, ct), cancellationToken);
}
