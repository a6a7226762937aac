using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>Multi-window burn rates against a 99.9 % objective (budget 0.1 %): both windows of a pair must burn.</summary>
public sealed class SiteAvailabilityTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Failed checks out of 1000 in the 5 min, 30 min, 1 h and 6 h windows.</summary>
    [Theory]
    [InlineData(1000, 1000, 167, 28, BurnState.Fast)]
    [InlineData(20, 20, 15, 10, BurnState.Fast)]
    [InlineData(0, 100, 167, 28, BurnState.Slow)]
    [InlineData(1000, 1000, 14, 7, BurnState.Slow)]
    [InlineData(1000, 1000, 14, 5, BurnState.None)]
    [InlineData(0, 5, 20, 7, BurnState.None)]
    [InlineData(0, 0, 0, 0, BurnState.None)]
    public void Burn_states_need_both_windows_of_a_pair(int fiveMinutes, int thirtyMinutes, int oneHour, int sixHours, BurnState expected)
    {
        var availability = new SiteAvailability(0.999, Of(fiveMinutes), Of(thirtyMinutes), Of(oneHour), Of(sixHours), Of(0), Of(0), Of(0));

        Assert.Equal(expected, availability.Burn);
    }

    [Fact]
    public void Ten_minutes_of_503_burn_fast_at_once_and_slow_for_half_an_hour_after()
    {
        var site = new SiteCheckOptions { Name = "mdn", Url = "https://developer.mozilla.org/", Retries = 3 };
        var tracker = new SiteCheckTracker(site);
        var burns = new Dictionary<TimeSpan, BurnState>();
        // Seven hours of checks every 30 s, 503 from 6 h 00 to 6 h 10.
        for (var at = TimeSpan.Zero; at <= TimeSpan.FromHours(7); at += TimeSpan.FromSeconds(30))
        {
            var down = at >= TimeSpan.FromHours(6) && at < TimeSpan.FromHours(6) + TimeSpan.FromMinutes(10);
            tracker.Record(new SiteProbeResult(T0 + at, !down, down ? 503 : 200, new ProbePhases(null, null, null, null, TimeSpan.FromMilliseconds(100)), down ? "HTTP 503" : null));
            burns[at] = tracker.Snapshot(T0 + at).Burn;
        }

        Assert.Equal(BurnState.None, burns[TimeSpan.FromHours(5.9)]);
        Assert.Equal(BurnState.Fast, burns[TimeSpan.FromHours(6) + TimeSpan.FromMinutes(1)]);
        Assert.Equal(BurnState.Fast, burns[TimeSpan.FromHours(6) + TimeSpan.FromMinutes(12)]);
        // Five minutes after the last 503 the short window is clean: the page stops, the ticket stays for the half hour.
        Assert.Equal(BurnState.Slow, burns[TimeSpan.FromHours(6) + TimeSpan.FromMinutes(16)]);
        Assert.Equal(BurnState.Slow, burns[TimeSpan.FromHours(6) + TimeSpan.FromMinutes(35)]);
        Assert.Equal(BurnState.None, burns[TimeSpan.FromHours(6) + TimeSpan.FromMinutes(42)]);
        var snapshot = tracker.Snapshot(T0 + TimeSpan.FromHours(7));
        // 10 min bad of December's 44.6 min budget (0.1 % of 31 days): 77 % left.
        Assert.Equal(0.77, snapshot.Availability.BudgetLeft!.Value, 0.01);
    }

    [Fact]
    public void A_fast_burn_makes_the_tile_critical_and_a_slow_one_warning()
    {
        var fast = Site(new SiteAvailability(0.999, Of(100), Of(100), Of(100), Of(20), Of(0), Of(0), Of(0)));
        var slow = Site(new SiteAvailability(0.999, Of(0), Of(10), Of(10), Of(10), Of(0), Of(0), Of(0)));

        Assert.Equal(DataHealth.Critical, new SiteGroupChecks("mdn", [fast]).Health);
        Assert.Equal("mdn fast burn: 100× over 1 h and 100× over 5 min (≥ 14.4×)", new SiteGroupChecks("mdn", [fast]).Why);
        Assert.Equal(DataHealth.Warning, new SiteGroupChecks("mdn", [slow]).Health);
        Assert.Equal("mdn slow burn: 10× over 6 h and 10× over 30 min (≥ 6×)", new SiteGroupChecks("mdn", [slow]).Why);
    }

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(0.001, 1, 0.0)]
    [InlineData(0.002, 0.5, 0.0)]
    [InlineData(0.004, 0.5, -1.0)]
    public void The_budget_is_the_whole_months_and_is_spent_by_the_time_gone(double failedRatio, double monthGone, double left)
    {
        var month = new CheckCounts(100_000, (long)(failedRatio * 100_000));
        var availability = new SiteAvailability(0.999, Of(0), Of(0), Of(0), Of(0), Of(0), Of(0), month)
        {
            MonthLength = TimeSpan.FromDays(30),
            MonthElapsed = TimeSpan.FromDays(30 * monthGone),
        };

        Assert.Equal(left, availability.BudgetLeft!.Value, 3);
    }

    private static CheckCounts Of(int failedPerThousand) => new(1000, failedPerThousand);

    private static SiteCheck Site(SiteAvailability availability) => new("mdn", "https://developer.mozilla.org/", SiteState.Up, T0, 3, 0, availability);
}
