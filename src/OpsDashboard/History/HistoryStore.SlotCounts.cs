using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>Counts per minute and per hour behind a panel's SLOs (<see cref="SlotCountTable"/>).</summary>
public sealed partial class HistoryStore
{
    /// <summary>
    /// Writes <paramref name="counts"/> (each replacing its slot's row) and removes the rows of
    /// <paramref name="panel"/> older than <paramref name="minutesFrom"/> and <paramref name="hoursFrom"/>, in one transaction.
    /// </summary>
    public Task WriteSlotCountsAsync(PanelKind panel, IReadOnlyCollection<SlotCount> counts, long minutesFrom, long hoursFrom, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(panel);
        ArgumentNullException.ThrowIfNull(counts);
        return InTransactionAsync(async (tx, ct) =>
        {
            await WriteRowsAsync(tx, _dialect.UpsertSlotCount, SlotCountTable.Table, counts, ct);
            await using var prune = _connection.CreateCommand();
            prune.Transaction = tx;
            prune.CommandText = $"DELETE FROM {SlotCountTable.Table.Name} WHERE panel = @panel AND ((slot_length = @minute AND slot < @minutes) OR (slot_length = @hour AND slot < @hours))";
            prune.Add("@panel", panel.Code);
            prune.Add("@minute", (long)SlotLength.Minute);
            prune.Add("@hour", (long)SlotLength.Hour);
            prune.Add("@minutes", minutesFrom);
            prune.Add("@hours", hoursFrom);
            await prune.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
    }

    /// <summary>Every count kept for <paramref name="panel"/>.</summary>
    public Task<IReadOnlyList<SlotCount>> SlotCountsAsync(PanelKind panel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(panel);
        return ReadRowsAsync(
            $"SELECT {SlotCountTable.Table.ColumnList} FROM {SlotCountTable.Table.Name} WHERE panel = @panel",
            query => query.Add("@panel", panel.Code), SlotCountTable.Read, cancellationToken);
    }
}
