using System.Text;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Telemetry;
using OpsDashboard.Tests.Builders;
using Prometheus;

namespace OpsDashboard.Tests.Telemetry;

/// <summary>Per-tile series on a registry of the test's own, read from a real store at scrape time.</summary>
public sealed class TileMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Each_tile_has_its_status_code_and_data_age_labelled_by_cluster_panel_and_target()
    {
        var time = new FakeTimeProvider(Start);
        var store = new PanelStore(time);
        var registry = Metrics.NewCustomRegistry();
        var metrics = new TileMetrics(store, time, Metrics.WithCustomRegistry(registry));
        var tokyo = new PanelKey(NodesPanel.Kind, "tokyo", "tokyo");
        var oregon = new PanelKey(PodsPanel.Kind, "oregon-a", "oregon-a");
        store.Publish(tokyo, new ClusterNodesBuilder("tokyo").Ready(2).NotReady(3).Build(), Start, isDemo: false, TimeSpan.FromMinutes(1));
        store.ReportFault(oregon, "unreachable", isDemo: false, TimeSpan.FromMinutes(1));

        time.Advance(TimeSpan.FromSeconds(20));
        var scrape = await ScrapeAsync(registry, metrics);
        Assert.Contains("opsdashboard_tile_status{cluster=\"tokyo\",panel=\"nodes\",target=\"tokyo\"} 3", scrape, StringComparison.Ordinal);
        Assert.Contains("opsdashboard_tile_data_age_seconds{cluster=\"tokyo\",panel=\"nodes\",target=\"tokyo\"} 20", scrape, StringComparison.Ordinal);
        Assert.Contains("opsdashboard_tile_status{cluster=\"oregon-a\",panel=\"pods\",target=\"oregon-a\"} 5", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("opsdashboard_tile_data_age_seconds{cluster=\"oregon-a\"", scrape, StringComparison.Ordinal);

        // Past its limit the tile is stale (4), and its age keeps counting.
        time.Advance(TimeSpan.FromMinutes(2));
        scrape = await ScrapeAsync(registry, metrics);
        Assert.Contains("opsdashboard_tile_status{cluster=\"tokyo\",panel=\"nodes\",target=\"tokyo\"} 4", scrape, StringComparison.Ordinal);
        Assert.Contains("opsdashboard_tile_data_age_seconds{cluster=\"tokyo\",panel=\"nodes\",target=\"tokyo\"} 140", scrape, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TileStatus.Waiting, 0)]
    [InlineData(TileStatus.Ok, 1)]
    [InlineData(TileStatus.Warning, 2)]
    [InlineData(TileStatus.Critical, 3)]
    [InlineData(TileStatus.Stale, 4)]
    [InlineData(TileStatus.Error, 5)]
    public void The_documented_codes_are_the_pinned_status_values(TileStatus status, int code)
    {
        Assert.Equal(code, (int)status);
        Assert.Contains($"{code} {status.Code()}", TileMetricsHelp(), StringComparison.Ordinal);
    }

    private static string TileMetricsHelp()
    {
        var registry = Metrics.NewCustomRegistry();
        _ = new TileMetrics(new PanelStore(TimeProvider.System), TimeProvider.System, Metrics.WithCustomRegistry(registry));
        using var stream = new MemoryStream();
        registry.CollectAndExportAsTextAsync(stream).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static async Task<string> ScrapeAsync(CollectorRegistry registry, TileMetrics metrics)
    {
        metrics.Refresh();
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
