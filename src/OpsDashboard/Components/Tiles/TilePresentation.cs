using OpsDashboard.Pipeline;

namespace OpsDashboard.Components.Tiles;

/// <summary>
/// Everything a tile shows about its state, worked out from the entry and the clock: the status (a domain value, see
/// <see cref="TileEntry.StatusAt"/>) in a word and an icon as well as a colour, so it reads without colour vision. No markup here.
/// </summary>
public sealed record TilePresentation(TileStatus Status, string Label, string Icon, string CssClass, string AgeText, string? FaultText, bool ShowsData, string? SilencedText = null)
{
    public static TilePresentation For(TileEntry entry, DateTimeOffset now, Notifications.Silence? silence = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var status = entry.StatusAt(now);
        var ageText = entry.AgeAt(now) is { } age
            ? entry.ConditionAt(now) is TileCondition.Fresh ? $"updated {Durations.Ago(age)}" : $"data from {Durations.Ago(age)}"
            : "no data yet";
        return new TilePresentation(status, LabelOf(status), IconOf(status), CssClassOf(status), ageText, entry.ProblemAt(now), entry.Snapshot is not null, SilencedTextOf(silence, now));
    }

    /// <summary>"silenced by alice until 14:30 UTC": the direct channels hold this tile's messages back until then.</summary>
    public static string? SilencedTextOf(Notifications.Silence? silence, DateTimeOffset now) =>
        silence is null ? null : $"silenced by {silence.CreatedBy} until {Durations.ClockTime(silence.EndsAt, now)}";

    public static string LabelOf(TileStatus status) => status.Word();

    /// <summary>"tile-critical": the colour, from the status' stable code.</summary>
    public static string CssClassOf(TileStatus status) => $"tile-{status.Code()}";

    public static string IconOf(TileStatus status) => status switch
    {
        TileStatus.Ok => MudBlazor.Icons.Material.Filled.CheckCircle,
        TileStatus.Warning => MudBlazor.Icons.Material.Filled.Warning,
        TileStatus.Critical => MudBlazor.Icons.Material.Filled.Error,
        TileStatus.Stale => MudBlazor.Icons.Material.Filled.HourglassBottom,
        TileStatus.Error => MudBlazor.Icons.Material.Filled.CloudOff,
        _ => MudBlazor.Icons.Material.Filled.HourglassEmpty,
    };
}
