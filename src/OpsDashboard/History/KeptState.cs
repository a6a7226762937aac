namespace OpsDashboard.History;

/// <summary>
/// State a part of the app keeps in the history database when history is on (SLO counts, what was sent, silences):
/// with history off it lives in memory only. A database that cannot be used costs nothing but the keeping: reads give
/// nothing, writes say false, and the problem is on the banner.
/// </summary>
public static class KeptState
{
    /// <summary>Whether state is kept in <paramref name="database"/> at all (history configured and on).</summary>
    public static bool Keeps(this HistoryDatabase? database) => database is { Options.Enabled: true };

    /// <summary>What <paramref name="read"/> finds on the shared writer; empty when nothing is kept or the database cannot be used.</summary>
    public static async Task<IReadOnlyList<T>> ReadKeptAsync<T>(this HistoryDatabase? database, Func<HistoryStore, CancellationToken, Task<IReadOnlyList<T>>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        IReadOnlyList<T> rows = [];
        return database.Keeps() && await database!.TryWriteAsync(async (store, ct) =>
        {
            rows = await read(store, ct);
            return 0;
        }, cancellationToken) ? rows : [];
    }

    /// <summary>Runs <paramref name="write"/> on the shared writer; false when nothing is kept or it was not written.</summary>
    public static async Task<bool> TryKeepAsync(this HistoryDatabase? database, Func<HistoryStore, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        return database.Keeps() && await database!.TryWriteAsync(async (store, ct) =>
        {
            await write(store, ct);
            return 0;
        }, cancellationToken);
    }
}
