using System.Data.Common;

namespace OpsDashboard.History;

/// <summary>
/// What differs between the history back-ends: the schema, how a row is written again, how a connection is set up
/// and how a database error is told to a person. Every query is shared: <see cref="HistoryStore"/> writes them in the
/// SQL both SQLite and PostgreSQL speak, with <c>@name</c> parameters.
/// </summary>
public abstract class HistoryDialect
{
    /// <summary>Creates the tables, indexes and triggers that are missing; safe to run on every open.</summary>
    public abstract Task CreateSchemaAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Writes one figure sample, replacing one at the same moment.</summary>
    public abstract string UpsertSample { get; }

    /// <summary>Writes one timeline row (parameters named after <see cref="HistoryStore.EventParameters"/>), replacing one with its id.</summary>
    public abstract string UpsertEvent { get; }

    /// <summary>Run in the same transaction after timeline rows are written; null when nobody else needs telling.</summary>
    public virtual string? AfterEventsWritten => null;

    /// <summary>The error a page and the banner show for <paramref name="error"/>, or null when it is not a database error.</summary>
    public abstract HistoryUnavailableException? Explain(string location, Exception error);

    protected static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken, DbTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
