using System.Globalization;

namespace OpsDashboard.Reports;

/// <summary>Days as the team writes them: "November 14th" (ordinal) or "November 14", and "December 5, 2017" in titles.</summary>
public static class ReportDates
{
    public static string Day(DateOnly day, ReportDateStyle style) =>
        day.ToString("MMMM ", CultureInfo.InvariantCulture) + day.Day.ToString(CultureInfo.InvariantCulture) + (style == ReportDateStyle.Ordinal ? Suffix(day.Day) : "");

    public static string Title(DateOnly day) => day.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);

    /// <summary>English ordinal suffix: 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd, 23rd … 31st.</summary>
    public static string Suffix(int number) => (number % 100) switch
    {
        11 or 12 or 13 => "th",
        _ => (number % 10) switch
        {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        },
    };
}
