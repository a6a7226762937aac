using System.Globalization;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>One tile of the site checks panel: the sites of one group (MDN's, SUMO's) as their users reach them.</summary>
public sealed record SiteGroupChecks(string Group, IReadOnlyList<SiteCheck> Sites) : PanelSnapshot
{
    public int UpCount => Sites.Count(s => s.State == SiteState.Up);

    public IEnumerable<SiteCheck> Down => Sites.Where(s => s.State == SiteState.Down);

    public double? P95Ms => SiteLatency.P95([.. Sites.SelectMany(s => s.Recent).Where(s => s.Up).Select(s => s.TotalMs)]);

    public CheckCounts Day => Sites.Aggregate(CheckCounts.None, (sum, s) => sum.Plus(s.Availability.Day));

    public CheckCounts Week => Sites.Aggregate(CheckCounts.None, (sum, s) => sum.Plus(s.Availability.Week));

    /// <summary>The least error budget left among the sites this month.</summary>
    public double? BudgetLeft => Sites.Select(s => s.Availability.BudgetLeft).Where(b => b is not null).Min();

    public override DataHealth Health =>
        Down.Any() || Sites.Any(s => s.Burn == BurnState.Fast) ? DataHealth.Critical
        : Sites.Any(s => s.Burn == BurnState.Slow || s.CertificateWarning) ? DataHealth.Warning
        : DataHealth.Ok;

    public override string Headline => $"{UpCount} / {Sites.Count} up";

    public override string? Why
    {
        get
        {
            if (Down.FirstOrDefault() is { } down)
            {
                var others = Down.Count() - 1;
                return $"{down.Name} down{(down.Since is { } since ? $" for {Durations.Format(down.ObservedAt - since)}" : "")}: {down.Last?.Error}{(others > 0 ? $", and {others} more" : "")}";
            }

            if (Sites.OrderByDescending(s => s.Burn).FirstOrDefault(s => s.Burn != BurnState.None) is { } burning)
            {
                return $"{burning.Name} {burning.Availability.BurnText}";
            }

            return Sites.Where(s => s.CertificateWarning).OrderBy(s => s.CertificateLeft).FirstOrDefault() is { } expiring
                ? $"{expiring.Name} certificate {CertificateText(expiring)}"
                : null;
        }
    }

    /// <summary>"expires in 5 days (Dec 8)" or "expired 2 days ago".</summary>
    public static string CertificateText(SiteCheck site)
    {
        ArgumentNullException.ThrowIfNull(site);
        if (site.CertificateLeft is not { } left || site.Last?.CertificateExpiry is not { } expiry)
        {
            return "not seen";
        }

        var day = expiry.UtcDateTime.ToString("MMM d", CultureInfo.InvariantCulture);
        return left < TimeSpan.Zero ? $"expired {Durations.Format(-left)} ago ({day})" : $"expires in {Durations.Format(left)} ({day})";
    }

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("sites_total", Sites.Count),
        new("sites_up", UpCount),
        new("latency_p95_s", (P95Ms ?? 0) / 1000),
        new("availability_24h", Day.Availability ?? 1),
        new("budget_left", BudgetLeft ?? 1),
    ];
}
