namespace OpsDashboard.History;

/// <summary>One report window's curation as stored: the window's days, the choices in their file format, who saved them and when.</summary>
public sealed record StoredReportChoices(string Window, string Choices, DateTimeOffset SavedAt, string SavedBy);

/// <summary>
/// The <c>report_choices</c> table: the Reports page's curation per window ("2017-11-14..2017-12-05"), in the history
/// database so it survives a restart and every replica sharing the PostgreSQL history reads the same.
/// </summary>
public static class ReportChoicesTable
{
    public static readonly HistoryTable<StoredReportChoices> Table = new("report_choices",
    [
        new("window_days", ColumnType.Text, false, c => c.Window),
        new("choices", ColumnType.Text, false, c => c.Choices),
        new("saved_ms", ColumnType.BigInt, false, c => c.SavedAt.ToUnixTimeMilliseconds()),
        new("saved_by", ColumnType.Text, false, c => c.SavedBy),
    ], ["window_days"]);
}
