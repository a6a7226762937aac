using OpsDashboard.Reports;

namespace OpsDashboard.Tests.Reports;

public sealed class ReportDatesTests
{
    [Theory]
    [InlineData(1, "st")]
    [InlineData(2, "nd")]
    [InlineData(3, "rd")]
    [InlineData(4, "th")]
    [InlineData(11, "th")]
    [InlineData(12, "th")]
    [InlineData(13, "th")]
    [InlineData(14, "th")]
    [InlineData(21, "st")]
    [InlineData(22, "nd")]
    [InlineData(23, "rd")]
    [InlineData(30, "th")]
    [InlineData(31, "st")]
    public void Ordinal_suffixes_follow_English(int day, string suffix) => Assert.Equal(suffix, ReportDates.Suffix(day));

    [Theory]
    [InlineData(ReportDateStyle.Ordinal, "November 14th")]
    [InlineData(ReportDateStyle.Plain, "November 14")]
    public void Days_are_written_in_the_configured_style(ReportDateStyle style, string expected) =>
        Assert.Equal(expected, ReportDates.Day(new DateOnly(2017, 11, 14), style));

    [Fact]
    public void Titles_carry_the_year() => Assert.Equal("December 5, 2017", ReportDates.Title(new DateOnly(2017, 12, 5)));
}
