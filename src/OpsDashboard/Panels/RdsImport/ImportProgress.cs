using System.Globalization;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>How far a MySQL import has got, how fast it goes, and when it will finish.</summary>
public sealed record ImportProgress(
    string Import,
    string Instance,
    string InstanceClass,
    IReadOnlyList<TableProgress> Tables,
    double BytesPerSecond,
    TimeSpan? Eta,
    TimeSpan? NoProgressFor,
    string? CurrentStatement,
    TimeSpan StallAfter) : PanelSnapshot
{
    /// <summary>When it would finish at the average rate since loading began (the current rate is <see cref="Eta"/>).</summary>
    public TimeSpan? EtaAtAverage { get; init; }

    public double RowsPerSecond { get; init; }

    /// <summary>How long the current rate (and so <see cref="Eta"/>) is measured over: the window, or the import so far if shorter.</summary>
    public TimeSpan? RateOver { get; init; }

    /// <summary>What the ETA is based on: "at 41.2 MB/min over the last 5 min".</summary>
    public string? EtaBasis => Eta is null || RateOver is not { } over ? null
        : string.Create(CultureInfo.InvariantCulture, $"at {BytesPerSecond * 60 / 1e6:0.#} MB/min over the last {Durations.Format(over)}");

    /// <summary>What "bytes" means here: InnoDB bytes from a source database, or row data from a dump.</summary>
    public string? BytesMeaning { get; init; }

    /// <summary>When the figures last moved, while they do not.</summary>
    public DateTimeOffset? NoProgressSince { get; init; }

    /// <summary>Set when the import went quiet short of the manifest with no client left in the schema: since when.</summary>
    public DateTimeOffset? StoppedSince { get; init; }

    /// <summary>Nothing of the import was seen running since the dashboard began watching (at <see cref="StoppedSince"/>).</summary>
    public bool StoppedBeforeWatching { get; init; }

    /// <summary>A client is connected to the schema (running a statement or between statements).</summary>
    public bool ClientConnected { get; init; }

    /// <summary>The instance's CloudWatch figures, when an instance identifier is configured.</summary>
    public RdsInstanceMetrics? InstanceMetrics { get; init; }

    /// <summary>The disk will fill before the import ends: less free storage than bytes still to load.</summary>
    public bool StorageShort => !Finished && InstanceMetrics?.FreeStorageBytes is { } free && free < BytesExpected - BytesLoaded;

    /// <summary>The CPU credits will run out before the import finishes at its current rate: the t2 trap, seen coming.</summary>
    public bool CreditsRunOutFirst => !Finished && Eta is { } eta && InstanceMetrics?.CreditsRunOutIn is { } left && left < eta;

    public long BytesLoaded => Tables.Sum(t => Math.Min(t.Bytes, t.ExpectedBytes));

    public long BytesExpected => Tables.Sum(t => t.ExpectedBytes);

    public double Percent => BytesExpected == 0 ? 0 : 100.0 * BytesLoaded / BytesExpected;

    public bool Finished => Tables.Count > 0 && Tables.All(t => t.State == TableLoadState.Done);

    public int TablesDone => Tables.Count(t => t.State == TableLoadState.Done);

    /// <summary>Stopped short: no statement, no client, not every table loaded. Critical: it will not finish by itself.</summary>
    public bool Stopped => !Finished && StoppedSince is not null;

    /// <summary>The table being loaded, or the first one not loaded yet.</summary>
    public string? CurrentTable => Tables.FirstOrDefault(t => t.State is TableLoadState.Loading or TableLoadState.Incomplete)?.Table
        ?? Tables.FirstOrDefault(t => t.State == TableLoadState.Waiting)?.Table;

    public bool Stalled => !Finished && !Stopped && NoProgressFor is { } idle && idle >= StallAfter;

    public override DataHealth Health => Stopped ? DataHealth.Critical : Stalled || StorageShort || CreditsRunOutFirst || (!Finished && InstanceMetrics is { CreditsExhausted: true }) ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => Finished ? "finished" : string.Create(CultureInfo.InvariantCulture, $"{(Stopped ? "stopped at " : "")}{Percent:0.0} %");

    /// <summary>"no progress in wiki_revision for 32 s, since 14:02:10 UTC (…)", while stalled.</summary>
    public string? StallText => Stalled
        ? $"no progress{(CurrentTable is { } table ? $" in {table}" : "")} for {Durations.Format(NoProgressFor!.Value)}{(NoProgressSince is { } since ? $", since {Clock(since)}" : "")}"
          + (CurrentStatement is not null ? $" (running: {CurrentStatement})" : ClientConnected ? " (a client is connected but runs nothing: paused?)" : "")
        : null;

    /// <summary>What is true of an import that stopped short: since when, what was loaded and what was not.</summary>
    public string? StoppedText
    {
        get
        {
            if (!Stopped)
            {
                return null;
            }

            var since = StoppedBeforeWatching ? $"since the dashboard began watching at {Clock(StoppedSince!.Value)}" : $"since {Clock(StoppedSince!.Value)}";
            var shortOf = Tables.Where(t => t.State == TableLoadState.Incomplete)
                .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Table} has {t.RowsEstimate:N0} of {t.ExpectedRows:N0} rows")).ToList();
            var missing = Tables.Where(t => t.State == TableLoadState.Waiting).Select(t => t.Table).ToList();
            var notLoaded = missing.Count == 0 ? "" : $"; not loaded: {string.Join(", ", missing.Take(3))}{(missing.Count > 3 ? $" and {missing.Count - 3} more" : "")}";
            return $"no statement running {since}, {TablesDone} / {Tables.Count} tables loaded: the import stopped or was aborted{(shortOf.Count > 0 ? $"; {string.Join(", ", shortOf)}" : "")}{notLoaded}";
        }
    }

    public override string? Why => this switch
    {
        { Stopped: true } => StoppedText,
        { Stalled: true } => StallText,
        { StorageShort: true } => $"{Bytes.Format(InstanceMetrics!.FreeStorageBytes!.Value)} free on {Instance} but {Bytes.Format(BytesExpected - BytesLoaded)} still to load",
        { Finished: false, InstanceMetrics.CreditsExhausted: true } => $"{InstanceMetrics.CreditsText}: {InstanceClass} is held to its baseline CPU and the import slows to a crawl",
        { CreditsRunOutFirst: true } => $"CPU credits run out in {Durations.Format(InstanceMetrics!.CreditsRunOutIn!.Value)}, before the import's ETA of {Durations.Format(Eta!.Value)}: then {InstanceClass} is held to its baseline CPU and the import slows to a crawl",
        _ => null,
    };

    private static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("import_percent", Math.Round(Percent, 2)),
        new("bytes_loaded", BytesLoaded),
        new("mb_per_min", Math.Round(BytesPerSecond * 60 / 1_000_000, 2)),
    ];
}
