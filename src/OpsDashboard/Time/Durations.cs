using System.Globalization;

namespace OpsDashboard;

/// <summary>Durations as an SRE reads them on a wall: "12 s", "4 min", "2 h 05 min", "3 d 4 h".</summary>
public static class Durations
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }

        return span.TotalSeconds switch
        {
            < 60 => $"{(int)span.TotalSeconds} s",
            < 3600 => $"{(int)span.TotalMinutes} min",
            < 86400 => span.Minutes == 0 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalHours} h {span.Minutes:00} min",
            _ => span.Hours == 0 ? $"{(int)span.TotalDays} d" : $"{(int)span.TotalDays} d {span.Hours} h",
        };
    }

    public static string Ago(TimeSpan span) => span < TimeSpan.FromSeconds(1) ? "just now" : $"{Format(span)} ago";

    /// <summary>A clock time for "since 14:02": local to the viewer's server, with the date when it is not today.</summary>
    public static string ClockTime(DateTimeOffset at, DateTimeOffset now) =>
        at.UtcDateTime.Date == now.UtcDateTime.Date
            ? at.UtcDateTime.ToString("HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : at.UtcDateTime.ToString("MMM d HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
