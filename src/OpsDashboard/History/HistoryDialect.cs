using System.Data.Common;

namespace OpsDashboard.History;

/// <summary>
/// What differs between the history back-ends: how a column type is spelt, how a row is written again, the triggers,
/// how a connection is set up and how a database error is told to a person. The tables themselves are
/// <see cref="SampleTable"/> and <see cref="EventTable"/>, written once; every query is shared: <see cref="HistoryStore"/>
/// writes them in the SQL both SQLite and PostgreSQL speak, with <c>@name</c> parameters.
/// </summary>
public abstract class HistoryDialect
{
    /// <summary>Creates the tables, columns, indexes and triggers that are missing; safe to run on every open.</summary>
    public abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Writes one figure sample (parameters of <see cref="SampleTable"/>), replacing one at the same moment.</summary>
    public string UpsertSample => Upsert(SampleTable.Table);

    /// <summary>Writes one timeline row (parameters of <see cref="EventTable"/>), replacing one with its id.</summary>
    public string UpsertEvent => Upsert(EventTable.Table);

    /// <summary>Writes what a channel was sent about one tile (parameters of <see cref="SentAlertTable"/>), replacing the row before.</summary>
    public string UpsertSentAlert => Upsert(SentAlertTable.Table);

    /// <summary>Writes one silence (parameters of <see cref="SilenceTable"/>).</summary>
    public string UpsertSilence => Upsert(SilenceTable.Table);

    /// <summary>Writes one window's report choices (parameters of <see cref="ReportChoicesTable"/>), replacing those before.</summary>
    public string UpsertReportChoices => Upsert(ReportChoicesTable.Table);

    /// <summary>Writes one slot's counts (parameters of <see cref="SlotCountTable"/>), replacing the row before.</summary>
    public string UpsertSlotCount => Upsert(SlotCountTable.Table);

    /// <summary>Run in the same transaction after timeline rows are written; null when nobody else needs telling.</summary>
    public virtual string? AfterEventsWritten => null;

    /// <summary>Run in the same transaction after figure samples are written; null when nobody else needs telling.</summary>
    public virtual string? AfterSamplesWritten => null;

    /// <summary>The error a page and the banner show for <paramref name="error"/>, or null when it is not a database error.</summary>
    public abstract HistoryUnavailableException? Explain(string location, Exception error);

    /// <summary>The dialect's name for a column type.</summary>
    protected abstract string TypeOf(ColumnType type);

    /// <summary>An insert that replaces the row with the same key.</summary>
    protected abstract string Upsert<TRow>(HistoryTable<TRow> table);

    /// <summary>Whether the database's <paramref name="table"/> has <paramref name="column"/> (a reader's database may not have been brought up to date yet).</summary>
    public async Task<bool> HasColumnAsync(DbConnection connection, string table, string column, CancellationToken cancellationToken) =>
        (await ColumnsOfAsync(connection, table, null, cancellationToken)).Contains(column);

    /// <summary>The names of the table's columns as the database has them (empty when the table does not exist).</summary>
    protected abstract Task<IReadOnlySet<string>> ColumnsOfAsync(DbConnection connection, string table, DbTransaction? transaction, CancellationToken cancellationToken);

    /// <summary><c>CREATE TABLE IF NOT EXISTS</c> from the column list, with <paramref name="suffix"/> after it (SQLite's WITHOUT ROWID).</summary>
    protected string CreateTable<TRow>(HistoryTable<TRow> table, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Columns.Select(c => $"    {c.Name} {TypeOf(c.Type)}{(c.Nullable ? "" : " NOT NULL")}");
        return $"CREATE TABLE IF NOT EXISTS {table.Name} (\n{string.Join(",\n", columns)},\n    PRIMARY KEY ({string.Join(", ", table.Key)})\n){suffix};";
    }

    /// <summary>Adds the columns a database made by an earlier version lacks, and fills them in for its rows.</summary>
    protected async Task AddMissingColumnsAsync<TRow>(DbConnection connection, HistoryTable<TRow> table, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var existing = await ColumnsOfAsync(connection, table.Name, transaction, cancellationToken);
        foreach (var column in table.Columns.Where(c => !existing.Contains(c.Name)))
        {
            if (!column.Nullable)
            {
                throw new InvalidOperationException($"History table {table.Name} lacks column {column.Name}, which cannot be added to rows that exist: a new column must allow null.");
            }

            await ExecuteAsync(connection, $"ALTER TABLE {table.Name} ADD COLUMN {column.Name} {TypeOf(column.Type)}", cancellationToken, transaction);
            if (column.Backfill is { } backfill)
            {
                await ExecuteAsync(connection, backfill, cancellationToken, transaction);
            }
        }
    }

    protected static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
