using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Tests.Panels.Pods;

public sealed class CountLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_increases_inside_the_window_only()
    {
        var ledger = new CountLedger<string>(TimeSpan.FromHours(1));
        ledger.Observe("web-a", 10, T0, initialIncrease: 0);
        ledger.Observe("web-a", 12, T0.AddMinutes(10), 0);
        ledger.Observe("web-a", 13, T0.AddMinutes(50), 0);

        Assert.Equal(3, ledger.Since("web-a", T0));
        Assert.Equal(1, ledger.Since("web-a", T0.AddMinutes(20)));
        Assert.Equal(0, ledger.Since("unknown", T0));
    }

    [Fact]
    public void Old_increases_are_forgotten_and_a_reset_counter_adds_nothing()
    {
        var ledger = new CountLedger<string>(TimeSpan.FromHours(1));
        ledger.Observe("p", 0, T0, 0);
        ledger.Observe("p", 5, T0.AddMinutes(1), 0);
        ledger.Observe("p", 2, T0.AddHours(2), 0);

        Assert.Equal(0, ledger.Since("p", T0));
    }

    [Fact]
    public void The_first_sighting_counts_what_the_caller_says()
    {
        var ledger = new CountLedger<string>(TimeSpan.FromHours(1));
        ledger.Observe("young", 4, T0, initialIncrease: 4);

        Assert.Equal(4, ledger.Since("young", T0.AddMinutes(-1)));
    }
}
