using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Telemetry;

/// <summary>The example rule file in docs/prometheus, run through the real <c>promtool test rules</c> (Debian's prometheus, installed by test.sh).</summary>
public sealed class PrometheusRuleFileTests
{
    private static readonly string Directory = Path.Combine(RepoPaths.Root, "docs", "prometheus");

    [Fact]
    public async Task The_example_rules_pass_their_promtool_unit_tests()
    {
        const string promtool = "/usr/bin/promtool";
        Assert.True(File.Exists(promtool), $"{promtool} is missing: run ./test.sh, which installs Debian's prometheus package.");
        var info = ChildProcess.StartInfo(promtool, ["test", "rules", "opsdashboard-rules.test.yml"]);
        info.WorkingDirectory = Directory;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await ChildProcess.RunAsync(info, timeout.Token);
        Assert.True(result.ExitCode == 0, $"promtool test rules failed ({result.ExitCode}):\n{result.Output}{result.Error}");
        Assert.Contains("SUCCESS", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OpsDashboardTileCritical", TileStatus.Critical)]
    [InlineData("OpsDashboardTileSourceFailing", TileStatus.Error)]
    public async Task The_rules_compare_with_the_pinned_status_codes(string alert, TileStatus status)
    {
        var rules = await File.ReadAllTextAsync(Path.Combine(Directory, "opsdashboard-rules.yml"));
        var at = rules.IndexOf($"alert: {alert}", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no alert {alert} in the rule file");
        Assert.Contains($"expr: opsdashboard_tile_status == {(int)status}", rules[at..], StringComparison.Ordinal);
    }
}
