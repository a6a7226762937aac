using OpsDashboard.Components.Shared;
using OpsDashboard.TimeSeries;

namespace OpsDashboard.Tests.Components.Shared;

public sealed class TrendGeometryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(new[] { 6.0, 6.0, 6.0 }, null, 0, 12)]
    [InlineData(new[] { 0.0, 0.0 }, null, 0, 1)]
    [InlineData(new[] { 98.6, 98.6 }, 100.0, 0, 100)]
    [InlineData(new[] { 30.0 }, 100.0, 0, 60)]
    [InlineData(new[] { 0.0, 0.0 }, 100.0, 0, 100)]
    [InlineData(new[] { -3.0, -3.0 }, null, -6, 0)]
    [InlineData(new[] { 0.0, 50.0, 100.0 }, 100.0, 0, 100)]
    [InlineData(new[] { 0.0, 50.0, 100.0 }, null, 0, 110)]
    [InlineData(new[] { 20.0, 60.0 }, 100.0, 16, 64)]
    [InlineData(new[] { 10.0, 20.0 }, null, 9, 21)]
    [InlineData(new[] { -10.0, 10.0 }, null, -12, 12)]
    public void The_axis_holds_every_point_and_is_padded_only_where_the_figure_can_go(double[] values, double? ceiling, double min, double max)
    {
        var points = values.Select((v, i) => new MetricPoint(At.AddMinutes(i), v)).ToList();

        var range = TrendGeometry.Range(points, threshold: null, band: null, ceiling);

        Assert.Equal(min, range.Min, 9);
        Assert.Equal(max, range.Max, 9);
    }

    [Fact]
    public void A_ceiling_below_the_data_does_not_cut_it_off()
    {
        var points = new[] { new MetricPoint(At, 90), new MetricPoint(At.AddMinutes(1), 130) };

        var range = TrendGeometry.Range(points, null, null, ceiling: 100);

        Assert.True(range.Max >= 130);
    }
}
