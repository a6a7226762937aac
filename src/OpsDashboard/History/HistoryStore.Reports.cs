namespace OpsDashboard.History;

/// <summary>The weekly report's curation, per window.</summary>
public sealed partial class HistoryStore
{
    public Task UpsertReportChoicesAsync(StoredReportChoices choices, CancellationToken cancellationToken) =>
        InTransactionAsync((tx, ct) => WriteRowsAsync(tx, _dialect.UpsertReportChoices, ReportChoicesTable.Table, [choices], ct), cancellationToken);

    /// <summary>The choices saved for <paramref name="window"/> ("2017-11-14..2017-12-05"), or null.</summary>
    public Task<StoredReportChoices?> ReportChoicesAsync(string window, CancellationToken cancellationToken) =>
        GatedAsync(async ct =>
        {
            await using var query = _connection.CreateCommand();
            query.CommandText = $"SELECT {ReportChoicesTable.Table.ColumnList} FROM {ReportChoicesTable.Table.Name} WHERE window_days = @window";
            query.Add("@window", window);
            await using var reader = await query.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct)
                ? new StoredReportChoices(reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)), reader.GetString(3))
                : null;
        }, cancellationToken);
}
