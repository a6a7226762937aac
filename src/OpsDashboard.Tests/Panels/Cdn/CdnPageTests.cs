using Bunit;
using OpsDashboard.Demo;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Pipeline;
using OpsDashboard.TimeSeries;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.Cdn;

public sealed class CdnPageTests : DashboardTestContext
{
    [Fact]
    public void The_page_shows_the_method_the_error_rates_the_comparison_and_a_trend_with_a_point_per_period()
    {
        var fleet = new DemoFleet(Clock, Options());
        var snapshot = DemoCdnSource.Simulate(fleet, Clock.GetUtcNow());
        Store.Publish(new PanelKey(CdnPanel.Kind, "AWS", "mdn.mozillademos.org"), snapshot, Clock.GetUtcNow(), false, TimeSpan.FromMinutes(5));

        var page = Render<CdnPage>(p => p.Add(x => x.Distribution, "mdn.mozillademos.org"));

        Assert.Equal(DemoCdnSource.Method, page.Find("[data-method]").TextContent);
        Assert.Contains("origin requests −45 % since", page.Find("[data-comparison]").TextContent, StringComparison.Ordinal);
        Assert.Equal(snapshot.Trend.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-trend-points]").GetAttribute("data-trend-points"));
        Assert.Equal(289, snapshot.Trend.Count);
        Assert.Contains("$2.59/month", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gap_in_the_data_is_drawn_as_a_gap()
    {
        var t0 = Clock.GetUtcNow();
        IReadOnlyList<MetricPoint> points = [new(t0, 0.98), new(t0.AddMinutes(5), 0.97), new(t0.AddHours(2), 0.99), new(t0.AddHours(2).AddMinutes(5), 0.98)];

        var chart = Render<OpsDashboard.Components.Shared.TrendChart>(p => p
            .Add(x => x.Points, points).Add(x => x.Label, "hit ratio").Add(x => x.From, t0).Add(x => x.To, t0.AddHours(2).AddMinutes(5)));

        Assert.Equal(2, chart.FindAll("polyline").Count);
    }

    private static Microsoft.Extensions.Options.IOptions<DemoOptions> Options() => Microsoft.Extensions.Options.Options.Create(new DemoOptions());
}
