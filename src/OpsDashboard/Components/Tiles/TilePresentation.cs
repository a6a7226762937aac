using OpsDashboard.Pipeline;

namespace OpsDashboard.Components.Tiles;

/// <summary>The visual status of a tile: a word and an icon as well as a colour, so it reads without colour vision.</summary>
public enum TileStatus
{
    Waiting,
    Ok,
    Warning,
    Critical,
    Stale,
    Error,
}

/// <summary>Everything a tile shows about its state, worked out from the entry and the clock; no markup here.</summary>
public sealed record TilePresentation(TileStatus Status, string Label, string Icon, string CssClass, string AgeText, string? FaultText, bool ShowsData)
{
    public static TilePresentation For(TileEntry entry, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var condition = entry.ConditionAt(now);
        var age = entry.AgeAt(now);
        var status = condition switch
        {
            TileCondition.Waiting => TileStatus.Waiting,
            TileCondition.Failing => TileStatus.Error,
            TileCondition.Stale => TileStatus.Stale,
            _ => entry.Snapshot!.Health switch
            {
                DataHealth.Critical => TileStatus.Critical,
                DataHealth.Warning => TileStatus.Warning,
                _ => TileStatus.Ok,
            },
        };

        var ageText = age is { } a
            ? condition is TileCondition.Fresh ? $"updated {Durations.Ago(a)}" : $"data from {Durations.Ago(a)}"
            : "no data yet";

        string? fault = entry.Fault is { } f
            ? $"{f.Message} (since {Durations.ClockTime(f.Since, now)})"
            : condition == TileCondition.Stale ? $"stale: no update for {Durations.Format(age!.Value)} (limit {Durations.Format(entry.StaleAfter)})" : null;

        return new TilePresentation(status, LabelOf(status), IconOf(status), $"tile-{status.ToString().ToLowerInvariant()}", ageText, fault, entry.Snapshot is not null);
    }

    public static string LabelOf(TileStatus status) => status switch
    {
        TileStatus.Ok => "OK",
        TileStatus.Warning => "WARNING",
        TileStatus.Critical => "CRITICAL",
        TileStatus.Stale => "STALE",
        TileStatus.Error => "ERROR",
        _ => "WAITING",
    };

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
