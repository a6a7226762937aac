using OpsDashboard.History;

namespace OpsDashboard.Reports.Curation;

/// <summary>What the page says about keeping its choices: kept, or why not (history off, database unavailable, a stored row it cannot read).</summary>
public sealed record ChoicesKeeping(bool Kept, string Message);

/// <summary>
/// The Reports page's choices per window, in the history database: it survives a restart, and when scaled out every
/// replica reads the same PostgreSQL rows (a file beside the posts would live on one pod's disk). Without a usable history
/// the page still curates, in memory, and says its choices are not kept.
/// </summary>
public sealed class ReportChoiceBook(HistoryDatabase? database, TimeProvider time)
{
    private bool Stored => database is { Options.Enabled: true };

    /// <summary>The window's stored choices (none when nothing was saved), and whether they are kept.</summary>
    public async Task<(ReportChoices Choices, ChoicesKeeping Keeping)> LoadAsync(ReportWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (!Stored)
        {
            return (ReportChoices.None, NotKept());
        }

        var key = ReportChoicesFile.WindowKey(window);
        StoredReportChoices? row = null;
        if (!await database!.TryWriteAsync(async (store, ct) =>
            {
                row = await store.ReportChoicesAsync(key, ct);
                return 0;
            }, cancellationToken))
        {
            return (ReportChoices.None, Unavailable());
        }

        if (row is null)
        {
            return (ReportChoices.None, new ChoicesKeeping(true, $"Choices are kept for {key} in the history database."));
        }

        try
        {
            var (choices, _) = ReportChoicesFile.Read(row.Choices, $"the choices stored for {key}");
            return (choices, new ChoicesKeeping(true, $"Choices for {key} as {row.SavedBy} saved them at {row.SavedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; kept in the history database."));
        }
        catch (ReportInputException ex)
        {
            // Never overwritten by a page that could not read it: the row stays for someone to look at.
            return (ReportChoices.None, new ChoicesKeeping(false, ex.Message + " Changes made now are not kept, so the stored row stays as it is."));
        }
    }

    /// <summary>Saves the window's choices whole, replacing those before; false (with why) when they cannot be kept.</summary>
    public async Task<ChoicesKeeping> SaveAsync(ReportWindow window, ReportChoices choices, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(choices);
        if (!Stored)
        {
            return NotKept();
        }

        var key = ReportChoicesFile.WindowKey(window);
        var row = new StoredReportChoices(key, ReportChoicesFile.Write(choices, window), time.GetUtcNow(), by);
        return await database!.TryWriteAsync(async (store, ct) =>
            {
                await store.UpsertReportChoicesAsync(row, ct);
                return 0;
            }, cancellationToken)
            ? new ChoicesKeeping(true, $"Choices for {key} saved by {by} at {row.SavedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC; kept in the history database.")
            : Unavailable();
    }

    private static ChoicesKeeping NotKept() =>
        new(false, $"Choices are not kept: history is off ({HistoryOptions.Section}:Enabled). Download them as a file before leaving the page.");

    private ChoicesKeeping Unavailable() =>
        new(false, $"Choices cannot be kept now: the history database ({database!.Location.Description}) is unavailable. Download them as a file before leaving the page.");
}
