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

    /// <summary>What "bytes" means here: InnoDB bytes from a source database, or row data from a dump.</summary>
    public string? BytesMeaning { get; init; }

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

    public bool Stalled => !Finished && NoProgressFor is { } idle && idle >= StallAfter;

    public override DataHealth Health => Stalled || StorageShort || CreditsRunOutFirst || (!Finished && InstanceMetrics is { CreditsExhausted: true }) ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => Finished ? "finished" : string.Create(CultureInfo.InvariantCulture, $"{Percent:0.0} %");

    public override string? Why => this switch
    {
        { Stalled: true } => $"no progress for {Durations.Format(NoProgressFor!.Value)}{(CurrentStatement is null ? "" : $" (running: {CurrentStatement})")}",
        { StorageShort: true } => $"{Bytes.Format(InstanceMetrics!.FreeStorageBytes!.Value)} free on {Instance} but {Bytes.Format(BytesExpected - BytesLoaded)} still to load",
        { Finished: false, InstanceMetrics.CreditsExhausted: true } => $"{InstanceMetrics.CreditsText}: {InstanceClass} is held to its baseline CPU and the import slows to a crawl",
        { CreditsRunOutFirst: true } => $"CPU credits run out in {Durations.Format(InstanceMetrics!.CreditsRunOutIn!.Value)}, before the import's ETA of {Durations.Format(Eta!.Value)}: then {InstanceClass} is held to its baseline CPU and the import slows to a crawl",
        _ => null,
    };

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("import_percent", Math.Round(Percent, 2)),
        new("bytes_loaded", BytesLoaded),
        new("mb_per_min", Math.Round(BytesPerSecond * 60 / 1_000_000, 2)),
    ];
}
