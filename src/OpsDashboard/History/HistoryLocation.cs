using Npgsql;

namespace OpsDashboard.History;

/// <summary>Where the history lives: how to open its writer and a reader, and how to name it on the banner.</summary>
public abstract class HistoryLocation
{
    /// <summary>The file's full path, or "PostgreSQL database … on host:port" (never a user or password).</summary>
    public abstract string Description { get; }

    public abstract Task<HistoryStore> OpenWriterAsync(CancellationToken cancellationToken);

    public abstract Task<HistoryStore> OpenReaderAsync(CancellationToken cancellationToken);
}

/// <summary>The default: a SQLite file beside the app (one per replica).</summary>
public sealed class SqliteHistoryLocation(string path) : HistoryLocation
{
    public override string Description { get; } = Path.GetFullPath(path);

    public override Task<HistoryStore> OpenWriterAsync(CancellationToken cancellationToken) => HistoryStore.OpenAsync(Description, cancellationToken);

    public override Task<HistoryStore> OpenReaderAsync(CancellationToken cancellationToken) => HistoryStore.OpenReaderAsync(Description, cancellationToken);
}

/// <summary>A PostgreSQL database shared by every replica (Dashboard:ScaleOut).</summary>
public sealed class PostgresHistoryLocation(NpgsqlDataSource dataSource) : HistoryLocation
{
    public override string Description { get; } = PostgresHistoryDialect.Describe(dataSource);

    public override Task<HistoryStore> OpenWriterAsync(CancellationToken cancellationToken) => HistoryStore.OpenPostgresAsync(dataSource, createSchema: true, cancellationToken);

    public override Task<HistoryStore> OpenReaderAsync(CancellationToken cancellationToken) => HistoryStore.OpenPostgresAsync(dataSource, createSchema: false, cancellationToken);
}
