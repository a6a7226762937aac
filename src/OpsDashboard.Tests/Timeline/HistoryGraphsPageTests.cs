using Bunit;
using OpsDashboard.History;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

public sealed class HistoryGraphsPageTests : TriageTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly PanelKey OregonPods = new(PodsPanel.Kind, "oregon-b", "oregon-b");
    private static readonly PanelKey OregonNodes = new(NodesPanel.Kind, "oregon-b", "oregon-b");
    private static readonly PanelKey TokyoNodes = new(NodesPanel.Kind, "tokyo", "tokyo");

    private Task SampleAsync(PanelKey tile, params string[] figures) => WriteAsync(
    [
        .. Enumerable.Range(0, 120).SelectMany(i => figures.Select(f => new HistorySample(tile, f, Start.AddSeconds(-30 * i), i % 7))),
    ]);

    [Fact]
    public async Task Every_figure_of_the_chosen_cluster_is_drawn_on_one_time_axis()
    {
        await SampleAsync(OregonPods, "pods_desired", "pods_not_ready", "restarts_1h");
        await SampleAsync(OregonNodes, "nodes_ready");
        await SampleAsync(TokyoNodes, "nodes_ready");
        GoTo("history?cluster=oregon-b");

        var page = Render<HistoryGraphsPage>();

        page.WaitForAssertion(() => Assert.Equal(["Nodes/oregon-b/oregon-b", "Pods/oregon-b/oregon-b"], page.FindAll("[data-tile-graphs]").Select(t => t.GetAttribute("data-tile-graphs"))), Wait);
        var charts = page.FindAll("figure.trend-chart");
        Assert.Equal(4, charts.Count);
        Assert.All(charts, c => Assert.InRange(int.Parse(c.GetAttribute("data-trend-points")!, System.Globalization.CultureInfo.InvariantCulture), 100, 120));
        var axes = charts.Select(c => string.Join(" … ", c.QuerySelectorAll(".trend-times .trend-axis").Select(t => t.TextContent))).Distinct().ToList();
        Assert.Equal("Nov 22 11:00 … Nov 22 12:00 UTC", Assert.Single(axes));
        Assert.Equal(["nodes ready", "pods desired", "pods not ready", "restarts in 1 h"], charts.Select(c => c.QuerySelector("figcaption")!.TextContent));
    }

    [Fact]
    public async Task A_tiles_states_lie_under_its_graphs_and_the_moment_from_the_address_is_marked()
    {
        await SampleAsync(OregonPods, "pods_not_ready");
        await WriteAsync(
            new TimelineEventBuilder("ok").In("oregon-b").TileState("first reading → OK", TileStatus.Ok).Info().At(Start.AddHours(-2), Start.AddMinutes(-20)).Build(),
            new TimelineEventBuilder("red").In("oregon-b").TileState("OK → CRITICAL", TileStatus.Critical).Critical().At(Start.AddMinutes(-20), Start.AddMinutes(-16)).Says("OK → CRITICAL", "CrashLoopBackOff").Build(),
            new TimelineEventBuilder("back").In("oregon-b").TileState("CRITICAL → OK", TileStatus.Ok).Info().At(Start.AddMinutes(-16)).Build());
        GoTo("history?from=2026-11-22T11:30:00Z&to=2026-11-22T12:00:00Z&at=2026-11-22T11:42:00Z");

        var page = Render<HistoryGraphsPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("rect[data-state]").Count), Wait);
        Assert.Equal(["OK", "CRITICAL", "OK"], page.FindAll("rect[data-state]").Select(r => r.GetAttribute("data-state")!.Split(' ')[0]));
        Assert.Contains("trend-state-critical", page.FindAll("rect[data-state]")[1].ClassList);
        Assert.Single(page.FindAll("line.trend-marker"));
        Assert.NotNull(page.Find("[data-fixed-range]"));
    }

    [Fact]
    public async Task Deploys_are_thin_lines_on_the_graphs_of_their_cluster_with_the_row_as_tooltip()
    {
        await SampleAsync(OregonPods, "pods_not_ready");
        await SampleAsync(TokyoNodes, "nodes_ready");
        await WriteAsync(
            new TimelineEventBuilder("start").Rollout("oregon-b", "web", "rollout started", "web rolling out abc → def").At(Start.AddMinutes(-30)).Build(),
            new TimelineEventBuilder("stall").Rollout("oregon-b", "web", "rollout stalled", "web stalled: 3/10 updated").Severity(TimelineSeverity.Critical).At(Start.AddMinutes(-20)).Build(),
            new TimelineEventBuilder("long-ago").Rollout("oregon-b", "web", "rolled out", "web rolled out 9 → abc").At(Start.AddHours(-3)).Build());
        GoTo("history?from=2026-11-22T11:00:00Z&to=2026-11-22T12:00:00Z");

        var page = Render<HistoryGraphsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-tile-graphs]").Count), Wait);
        var oregon = page.Find("[data-tile-graphs='Pods/oregon-b/oregon-b']");
        Assert.Equal(["11:30 UTC rollout started: web rolling out abc → def", "11:40 UTC rollout stalled: web stalled: 3/10 updated"],
            oregon.QuerySelectorAll("[data-change] title").Select(t => t.TextContent));
        Assert.Contains("sev-critical", oregon.QuerySelectorAll("[data-change]")[1].ClassList);
        Assert.Equal("300", oregon.QuerySelector("[data-change] line.trend-change-line")!.GetAttribute("x1"));
        Assert.Empty(page.Find("[data-tile-graphs='Nodes/tokyo/tokyo']").QuerySelectorAll("[data-change]"));
    }

    [Fact]
    public void Without_samples_in_the_range_the_page_says_so()
    {
        GoTo("history?range=15m&panel=cdn");
        _ = WriteAsync(new TimelineEventBuilder("x").Build());

        var page = Render<HistoryGraphsPage>();

        page.WaitForAssertion(() => Assert.Contains("for these filters", page.Find("[data-history-empty]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task A_live_range_is_drawn_again_when_the_sampler_says_it_wrote_and_a_fixed_one_is_not()
    {
        await WriteAsync(new HistorySample(OregonNodes, "nodes_ready", Start.AddMinutes(-5), 9));
        GoTo("history?range=1h&cluster=oregon-b");
        var live = Render<HistoryGraphsPage>();
        live.WaitForAssertion(() => Assert.Single(live.FindAll("figure.trend-chart")), Wait);

        await WriteAsync(new HistorySample(OregonPods, "pods_not_ready", Start.AddMinutes(-1), 2));
        Samples.Written();

        live.WaitForAssertion(() => Assert.Equal(2, live.FindAll("figure.trend-chart").Count), Wait);
    }
}
