using OpsDashboard.Reports;

namespace OpsDashboard.Tests.Reports;

public sealed class ReportWindowTests
{
    private static readonly DateTimeOffset Later = new(2018, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Days_are_whole_and_the_last_one_is_included()
    {
        var window = ReportWindow.FromDays(new DateOnly(2017, 11, 14), new DateOnly(2017, 12, 5), Later);

        Assert.Equal(new DateTimeOffset(2017, 11, 14, 0, 0, 0, TimeSpan.Zero), window.Start);
        Assert.Equal(new DateTimeOffset(2017, 12, 6, 0, 0, 0, TimeSpan.Zero), window.End);
        Assert.Equal(new DateOnly(2017, 12, 5), window.LastDay);
        Assert.True(window.Contains(new DateTimeOffset(2017, 12, 5, 23, 59, 59, TimeSpan.Zero)));
        Assert.False(window.Contains(window.End));
        Assert.Equal("merged from 2017-11-14 00:00:00 UTC (inclusive) to 2017-12-06 00:00:00 UTC (exclusive)", window.Describe());
    }

    [Fact]
    public void A_window_ending_today_ends_now_so_the_next_one_starts_there()
    {
        var now = new DateTimeOffset(2017, 12, 5, 14, 32, 10, 500, TimeSpan.Zero);
        var window = ReportWindow.FromDays(new DateOnly(2017, 11, 14), new DateOnly(2017, 12, 5), now);
        var next = ReportWindow.From(window.End, new DateOnly(2017, 12, 19), Later);

        Assert.Equal(new DateTimeOffset(2017, 12, 5, 14, 32, 10, TimeSpan.Zero), window.End);
        Assert.Equal(new DateOnly(2017, 12, 5), window.LastDay);
        Assert.Equal(window.End, next.Start);
        Assert.Equal(new DateOnly(2017, 12, 5), next.FirstDay);
    }

    [Fact]
    public void A_reversed_window_is_refused()
    {
        var ex = Assert.Throws<ReportInputException>(() => ReportWindow.FromDays(new DateOnly(2017, 12, 5), new DateOnly(2017, 11, 14), Later));

        Assert.Contains("reversed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_wholly_in_the_future_is_empty()
    {
        var ex = Assert.Throws<ReportInputException>(() => ReportWindow.FromDays(new DateOnly(2018, 2, 1), new DateOnly(2018, 2, 7), Later));

        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }
}
