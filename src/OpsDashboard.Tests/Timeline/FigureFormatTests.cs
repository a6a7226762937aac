using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

public sealed class FigureFormatTests
{
    [Theory]
    [InlineData("requests", 2819095.06, "2,819,095")]
    [InlineData("mb_per_min", 992.95, "993")]
    [InlineData("nodes_ready", 6, "6")]
    [InlineData("nodes_ready", 0.5, "0.5")]
    [InlineData("hit_ratio", 0.9968, "99.68 %")]
    [InlineData("import_percent", 42.25, "42.3 %")]
    [InlineData("bytes_origin", 4_800_000, "4.8 MB")]
    public void Figures_print_as_a_person_reads_them(string figure, double value, string expected) =>
        Assert.Equal(expected, FigureFormat.For(figure)(value));

    [Theory]
    [InlineData("import_percent", 100.0)]
    [InlineData("hit_ratio", 1.0)]
    [InlineData("requests", null)]
    public void Percentages_and_ratios_have_a_ceiling(string figure, double? ceiling) =>
        Assert.Equal(ceiling, FigureFormat.Ceiling(figure));
}
