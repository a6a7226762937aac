using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.History;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

/// <summary>The triage pages' one way to the database: reads cancelled with the page, live views pushed on writes.</summary>
public sealed class TriageReadsTests : TriageTestContext
{
    private static readonly PanelKey Nodes = new(NodesPanel.Kind, "oregon-b", "oregon-b");

    private TriageReads Reads => Services.GetRequiredService<TriageReads>();

    [Fact]
    public async Task A_fixed_range_is_never_pushed_again()
    {
        var fixedRange = new TriageQuery { Range = null, From = Start.AddHours(-1), To = Start };

        await using var follow = Reads.FollowTimelineAsync(fixedRange, 50, () => true, CancellationToken.None).GetAsyncEnumerator();
        Feed.Written();

        Assert.False(await follow.MoveNextAsync());
    }

    [Fact]
    public async Task A_live_range_is_pushed_the_rows_written_after_it_was_opened()
    {
        using var cancel = new CancellationTokenSource();
        await using var follow = Reads.FollowTimelineAsync(new TriageQuery { Range = "1h" }, 50, () => true, cancel.Token).GetAsyncEnumerator();
        var next = follow.MoveNextAsync();
        Assert.False(next.IsCompleted, "nothing is pushed before anything is written");

        await WriteAsync(new TimelineEventBuilder("new").At(Start.AddMinutes(-1)).Build());
        Feed.Written();

        Assert.True(await next);
        Assert.Equal([TimelineEvent.IdOf("new")], follow.Current.Rows.Select(r => r.Id));
    }

    [Fact]
    public async Task A_live_graph_is_pushed_when_samples_are_written()
    {
        using var cancel = new CancellationTokenSource();
        await using var follow = Reads.FollowGraphsAsync(new TriageQuery { Range = "1h" }, 240, cancel.Token).GetAsyncEnumerator();
        var next = follow.MoveNextAsync();

        await WriteAsync(new HistorySample(Nodes, "nodes_ready", Start.AddMinutes(-1), 9));
        Samples.Written();

        Assert.True(await next);
        Assert.Equal("nodes_ready", Assert.Single(follow.Current.Series).Figure);
    }

    [Fact]
    public async Task A_read_the_page_no_longer_waits_for_is_cancelled()
    {
        await WriteAsync(new TimelineEventBuilder("old").At(Start.AddDays(-3)).Build());
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reads.TimelineAsync(new TriageQuery { Range = "7d" }, 50, cancel.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Reads.GraphsAsync(new TriageQuery { Range = "7d" }, 240, cancel.Token));
    }
}
