using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsDashboard.Components.Pages;

/// <summary>Parses the wall's <c>rotate</c> query value ("30s", "2m", "45") and says which view is up at a given moment.</summary>
public static partial class WallRotation
{
    public static readonly TimeSpan Minimum = TimeSpan.FromSeconds(5);

    /// <summary>Null when no rotation was asked for; an error message when the value is not understood.</summary>
    public static (TimeSpan? Period, string? Error) Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, null);
        }

        var match = PeriodPattern().Match(value.Trim());
        if (!match.Success)
        {
            return (null, $"rotate=\"{value}\" is not a period: use seconds or minutes, e.g. rotate=30s or rotate=2m.");
        }

        var amount = double.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var period = match.Groups["unit"].Value == "m" ? TimeSpan.FromMinutes(amount) : TimeSpan.FromSeconds(amount);
        return period < Minimum
            ? (null, $"rotate={value} is too fast to read; the shortest period is {Minimum.TotalSeconds:0} s.")
            : (period, null);
    }

    /// <summary>The index of the view to show: views change every period, counted from <paramref name="start"/>.</summary>
    public static int ViewAt(DateTimeOffset start, DateTimeOffset now, TimeSpan period, int viewCount) =>
        viewCount <= 1 ? 0 : (int)(Math.Max(0, (now - start).Ticks / period.Ticks) % viewCount);

    [GeneratedRegex("^(?<n>[0-9]+(\\.[0-9]+)?)\\s*(?<unit>s|m)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PeriodPattern();
}
