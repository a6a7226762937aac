using System.Globalization;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>What every row found in one snapshot shares: its tile, when the data was taken, whether it is demo data.</summary>
public sealed record ChangeContext(PanelKey Tile, DateTimeOffset TakenAt, bool IsDemo)
{
    /// <summary>
    /// A row whose id is made of its kind, tile, <paramref name="what"/> and moment, so finding the same change again
    /// (after a restart, or in the next snapshot) writes the same row rather than a second one.
    /// </summary>
    public TimelineEvent Row(TimelineKind kind, string what, DateTimeOffset at, TimelineSeverity severity, string? ns, string? obj, string reason, string message) =>
        new(TimelineEvent.IdOf(string.Create(CultureInfo.InvariantCulture, $"{kind}/{Tile}/{what}/{at.ToUnixTimeMilliseconds()}")), at, kind, severity, Tile, ns, obj, reason, message)
        {
            IsDemo = IsDemo,
        };

    /// <summary>When the previous snapshot of the tile was taken; null for the first one seen.</summary>
    public DateTimeOffset? PreviousTakenAt { get; init; }

    /// <summary>
    /// A moment the data gives for a change, kept within what can be true: a change first seen in this reading happened
    /// after the previous reading and no later than this one.
    /// </summary>
    public DateTimeOffset Within(DateTimeOffset at) =>
        at > TakenAt ? TakenAt : PreviousTakenAt is { } previous && at < previous ? previous : at;
}
