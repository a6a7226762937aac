using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// Whatever escapes a polled source's round, of whatever type, before any of its targets has ever reported: the overview
/// shows an ERROR tile standing for the source with the exception's words, never "Waiting for the first data" for ever,
/// and the log has the stack trace once; the real tile takes its place when a round works.
/// </summary>
public sealed class SourceCrashFaultTests
{
    private const string Missing = "Could not load file or assembly 'MySqlConnector, Culture=neutral, PublicKeyToken=d33d3e53aa5f8c92'. The system cannot find the file specified.";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_poll_throwing_an_unexpected_exception_type_from_the_first_round_is_an_error_tile_with_its_reason_logged_once_with_the_stack_trace()
    {
        var working = 0;
        await using var wall = new FaultWall();
        var source = new ScriptedNodesSource(wall.Clock, Interval, _ => Volatile.Read(ref working) == 0
            ? throw new FileNotFoundException(Missing, "MySqlConnector")
            : [TargetReading<ClusterNodes>.Ok("oregon-a", "oregon-a", new ClusterNodesBuilder().Ready(3).Build())]);
        await wall.CollectAsync(source);
        var standIn = new PanelKey(NodesPanel.Kind, "scripted", "scripted");

        wall.AdvanceUntil(Interval, () =>
        {
            var tile = wall.Tile(standIn);
            Assert.Equal("ERROR", tile.Status);
            Assert.Equal("no data", tile.Headline);
            Assert.Equal($"{Missing} (since 12:00 UTC)", tile.Fault);
            Assert.True(source.Polls >= 3, $"{source.Polls} polls");
        });
        Assert.DoesNotContain("Waiting for the first data", wall.Page.Markup, StringComparison.Ordinal);
        var logged = Assert.Single(wall.Log.Lines);
        Assert.Equal($"Source scripted failed a round: {Missing}", logged.Message);
        Assert.Contains(nameof(ScriptedNodesSource), Assert.IsType<FileNotFoundException>(logged.Exception).StackTrace, StringComparison.Ordinal);

        Volatile.Write(ref working, 1);
        wall.AdvanceUntil(Interval, () =>
        {
            var tile = wall.Tile(new PanelKey(NodesPanel.Kind, "oregon-a", "oregon-a"));
            Assert.Equal("OK", tile.Status);
            Assert.Equal("3 / 3 ready", tile.Headline);
            Assert.False(wall.Shows(standIn), "the stand-in tile is gone");
        });
    }
}
