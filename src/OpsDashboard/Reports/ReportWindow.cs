using System.Globalization;

namespace OpsDashboard.Reports;

/// <summary>
/// The time a report covers: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), both UTC instants.
/// A window given as days runs from the first day's midnight to the midnight after the last day, cut at "now" if the
/// last day is today, so that the next report can start exactly where this one ended: no gap, no overlap.
/// </summary>
public sealed record ReportWindow(DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>The first day the post names ("November 14th").</summary>
    public DateOnly FirstDay => DateOnly.FromDateTime(Start.UtcDateTime);

    /// <summary>The last day the post names ("December 5th"): the day of the last instant inside the window.</summary>
    public DateOnly LastDay => DateOnly.FromDateTime(End.UtcDateTime.AddTicks(-1));

    /// <summary>The window of whole days <paramref name="first"/> to <paramref name="last"/>, both included, never past <paramref name="now"/>.</summary>
    public static ReportWindow FromDays(DateOnly first, DateOnly last, DateTimeOffset now)
    {
        if (last < first)
        {
            throw new ReportInputException($"the window is reversed: --from {first:yyyy-MM-dd} is after --to {last:yyyy-MM-dd}.");
        }

        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (end > now)
        {
            end = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }

        return end <= start
            ? throw new ReportInputException($"the window is empty: {first:yyyy-MM-dd} has not begun yet (now is {now.UtcDateTime:yyyy-MM-dd HH:mm} UTC).")
            : new ReportWindow(start, end);
    }

    /// <summary>A window starting at an exact instant (the end of the last report) and running to the end of <paramref name="last"/>.</summary>
    public static ReportWindow From(DateTimeOffset start, DateOnly last, DateTimeOffset now)
    {
        var whole = FromDays(DateOnly.FromDateTime(start.UtcDateTime), last, now);
        return whole.End <= start
            ? throw new ReportInputException($"the window is empty: it would start at {start.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC and end at {whole.End.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC.")
            : whole with { Start = start };
    }

    /// <summary>The exact window in one sentence, e.g. for the page and the CLI.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"merged from {Start.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (inclusive) to {End.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC (exclusive)");

    public bool Contains(DateTimeOffset instant) => instant >= Start && instant < End;
}

/// <summary>Input a person gave that cannot make a report (reversed or empty window, unknown repo, bad token): said in one sentence.</summary>
public sealed class ReportInputException : Exception
{
    public ReportInputException()
    {
    }

    public ReportInputException(string message)
        : base(message)
    {
    }

    public ReportInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An upstream (GitHub, git) could not give what the report needs: unreachable, refused, rate-limited. Said in one sentence.</summary>
public sealed class ReportSourceException : Exception
{
    public ReportSourceException()
    {
    }

    public ReportSourceException(string message)
        : base(message)
    {
    }

    public ReportSourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
