using System.Globalization;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>How the site checks panel writes its numbers: availability to the hundredth of a percent, budgets to the percent.</summary>
public static class SiteCheckFormat
{
    /// <summary>0.99952 as "99.95 %"; "–" before any check.</summary>
    public static string Percent(double? fraction) => fraction is { } f ? (Math.Floor(f * 10_000) / 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>0.77 as "77 %"; below zero "overspent (−20 %)".</summary>
    public static string Budget(double left) => left < 0
        ? $"overspent ({(left * 100).ToString("0", CultureInfo.InvariantCulture)} %)"
        : (left * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    public static string Objective(double objective) => (objective * 100).ToString("0.###", CultureInfo.InvariantCulture) + " %";
}
