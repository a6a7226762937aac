using System.Security.Cryptography;
using System.Text;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>How much a happening matters to the person on call. Ordered: a filter keeps this and everything worse. Values are stored: pinned.</summary>
public enum TimelineSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}

/// <summary>
/// Where a happening was seen, as a code stored with the row. Shared code knows only <see cref="TileState"/>; each panel
/// declares its own kinds in its folder (its definition lists them), with codes pinned and unique across panels (tested).
/// </summary>
/// <param name="Code">Stored with the row; never change one.</param>
/// <param name="Name">Part of the key a row's id is made of (<see cref="ChangeContext.Row"/>); never change one either.</param>
public readonly record struct TimelineKind(int Code, string Name)
{
    /// <summary>A tile changed state (OK → CRITICAL → OK); the row lasts until the next change.</summary>
    public static readonly TimelineKind TileState = new(0, "TileState");

    /// <summary>A silence (maintenance window) began: who, matcher, reason; the row lasts until its end.</summary>
    public static readonly TimelineKind SilenceStarted = new(8, "SilenceStarted");

    /// <summary>A silence ended: the direct channels send for its tiles again.</summary>
    public static readonly TimelineKind SilenceEnded = new(9, "SilenceEnded");

    /// <summary>The kinds shared code writes, beside the panels' own.</summary>
    public static readonly IReadOnlyList<TimelineKind> Shared = [TileState, SilenceStarted, SilenceEnded];

    public bool Equals(TimelineKind other) => Code == other.Code;

    public override int GetHashCode() => Code;

    public override string ToString() => Name;
}

/// <summary>
/// One thing that happened, at one moment, on one tile's target: the unit of the incident timeline. Rows are written
/// by the timeline recorder and can be written again with the same <see cref="Id"/> as they grow (a burst of
/// Kubernetes events gains count, a state gains its end).
/// </summary>
/// <param name="Id">Stable identity, <see cref="IdOf"/> a key naming the happening: the same happening seen again gets the same id.</param>
/// <param name="At">When it happened (from the data itself where the data says: an event's first timestamp, a fault's start).</param>
/// <param name="Kind">Where it was seen.</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Tile">The tile it belongs to: panel, cluster (or AWS) and target.</param>
/// <param name="Namespace">The Kubernetes namespace, where there is one.</param>
/// <param name="InvolvedObject">What it is about, as Kind/name: <c>Pod/web-7d9f-x2k4p</c>, <c>Node/ip-10-0-1-20…</c>, <c>Table/wiki_revision</c>.</param>
/// <param name="Reason">A word or two: <c>BackOff</c>, <c>Unhealthy</c>, <c>OK → CRITICAL</c>, <c>stalled</c>.</param>
/// <param name="Message">One line a human reads.</param>
public sealed record TimelineEvent(
    long Id,
    DateTimeOffset At,
    TimelineKind Kind,
    TimelineSeverity Severity,
    PanelKey Tile,
    string? Namespace,
    string? InvolvedObject,
    string Reason,
    string Message)
{
    /// <summary>The end of what the row describes (the last event of a burst, the next state change); null while it goes on.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>How many times it happened in this row (Kubernetes event counts).</summary>
    public int Count { get; init; } = 1;

    /// <summary>The workload a pod belongs to (<c>Deployment/web</c>), so a workload's view finds its pods' rows.</summary>
    public string? Owner { get; init; }

    /// <summary>The upstream object this row follows (a Kubernetes event's uid), to continue it after a restart.</summary>
    public string? Source { get; init; }

    /// <summary>The upstream's own counter when the row was last written (a Kubernetes event's count).</summary>
    public int? Total { get; init; }

    public bool IsDemo { get; init; }

    /// <summary>For a tile state row, the status it opened: what a restart continues from (stored as its stable code).</summary>
    public TileStatus? State { get; init; }

    public string Cluster => Tile.Group;

    public PanelKind Panel => Tile.Panel;

    /// <summary>A 64-bit digest of a key such as <c>state/Pods/tokyo/tokyo/1732270000000</c>: the row id in the history database (no second index on a text key).</summary>
    public static long IdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BitConverter.ToInt64(hash);
    }
}

public static class TimelineSeverityNames
{
    public static string Word(this TimelineSeverity severity) => severity switch
    {
        TimelineSeverity.Critical => "critical",
        TimelineSeverity.Warning => "warning",
        _ => "info",
    };
}
