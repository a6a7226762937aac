namespace OpsDashboard.Panels.SiteChecks;

/// <summary>Checks made and checks failed in one window.</summary>
public sealed record CheckCounts(long Checks, long Failed)
{
    public static readonly CheckCounts None = new(0, 0);

    /// <summary>The share of checks that were up; null before any check.</summary>
    public double? Availability => Checks == 0 ? null : 1 - ((double)Failed / Checks);

    public double FailedRatio => Checks == 0 ? 0 : (double)Failed / Checks;

    public CheckCounts Plus(CheckCounts other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Checks + other.Checks, Failed + other.Failed);
    }
}

/// <summary>The SRE Workbook's multi-window burn-rate alerts: both windows of a pair must burn for the state to hold. Values are pinned.</summary>
public enum BurnState
{
    None = 0,

    /// <summary>6× over 6 h and 30 min: 5 % of a 30-day budget in 6 hours. WARNING.</summary>
    Slow = 1,

    /// <summary>14.4× over 1 h and 5 min: 2 % of a 30-day budget in an hour. CRITICAL.</summary>
    Fast = 2,
}

/// <summary>
/// A site's availability against its objective: the checks of each window an SLO needs, and what follows from them
/// (burn rates, the state they put the site in, the error budget left this month).
/// </summary>
public sealed record SiteAvailability(
    double Objective,
    CheckCounts FiveMinutes,
    CheckCounts ThirtyMinutes,
    CheckCounts OneHour,
    CheckCounts SixHours,
    CheckCounts Day,
    CheckCounts Week,
    CheckCounts Month)
{
    /// <summary>How much of the calendar month (UTC) the counts cover (since the first check, if later than the 1st), and how long the month is: the budget is the whole month's.</summary>
    public TimeSpan MonthElapsed { get; init; }

    public TimeSpan MonthLength { get; init; } = TimeSpan.FromDays(30);

    public const double FastBurn = 14.4;
    public const double SlowBurn = 6;

    /// <summary>How many times faster than the objective allows the window spends the budget.</summary>
    public double BurnRate(CheckCounts window)
    {
        ArgumentNullException.ThrowIfNull(window);
        return window.FailedRatio / (1 - Objective);
    }

    public BurnState Burn =>
        BurnRate(OneHour) >= FastBurn && BurnRate(FiveMinutes) >= FastBurn ? BurnState.Fast
        : BurnRate(SixHours) >= SlowBurn && BurnRate(ThirtyMinutes) >= SlowBurn ? BurnState.Slow
        : BurnState.None;

    /// <summary>
    /// The share of this month's error budget not yet spent (below zero once overspent); null before any check this month.
    /// The budget is (1 − objective) of the whole month; what is spent is the month's failed share of the time its checks cover.
    /// </summary>
    public double? BudgetLeft => Month.Checks == 0 || MonthLength <= TimeSpan.Zero
        ? null
        : 1 - (Month.FailedRatio * MonthElapsed.TotalSeconds / ((1 - Objective) * MonthLength.TotalSeconds));

    /// <summary>"burning 166× over 1 h and 1000× over 5 min": the pair that put the site in its state.</summary>
    public string? BurnText => Burn switch
    {
        BurnState.Fast => $"fast burn: {Rate(OneHour)} over 1 h and {Rate(FiveMinutes)} over 5 min (≥ {FastBurn.ToString(System.Globalization.CultureInfo.InvariantCulture)}×)",
        BurnState.Slow => $"slow burn: {Rate(SixHours)} over 6 h and {Rate(ThirtyMinutes)} over 30 min (≥ {SlowBurn.ToString(System.Globalization.CultureInfo.InvariantCulture)}×)",
        _ => null,
    };

    private string Rate(CheckCounts window) => BurnRate(window).ToString(BurnRate(window) >= 100 ? "0" : "0.#", System.Globalization.CultureInfo.InvariantCulture) + "×";
}
