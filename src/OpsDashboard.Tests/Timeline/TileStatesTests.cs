using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

public sealed class TileStatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, TileStatus, int, int> Moments => new()
    {
        // what the entry is, the status it shows, minutes after T0 that the change is dated, and that it is noticed
        { "critical data taken at T0+1", TileStatus.Critical, 1, 2 },
        { "failing since T0+2", TileStatus.Error, 2, 10 },
        { "data taken at T0, stale after 3 min", TileStatus.Stale, 3, 10 },
    };

    [Theory]
    [MemberData(nameof(Moments))]
    public void A_change_is_dated_by_the_data_not_by_when_it_was_noticed(string what, TileStatus expected, int minutes, int noticed)
    {
        var builder = new TileEntryBuilder().StaleAfter(TimeSpan.FromMinutes(3));
        var entry = what switch
        {
            "critical data taken at T0+1" => builder.With(new ClusterNodesBuilder().NotReady(3).Build()).TakenAt(T0.AddMinutes(1)).Build(),
            "failing since T0+2" => builder.TakenAt(T0).Failing("dial tcp 10.3.0.10:443: i/o timeout", T0.AddMinutes(2)).Build(),
            _ => builder.TakenAt(T0).Build(),
        };
        var now = T0.AddMinutes(noticed);
        Assert.Equal(expected, entry.StatusAt(now));

        var rows = TileStates.Change(entry, TileStatus.Ok, null, expected, now);

        Assert.Equal(T0.AddMinutes(minutes), Assert.Single(rows).At);
    }

    [Fact]
    public void A_change_closes_the_open_row_at_the_moment_the_new_one_opens()
    {
        var open = TileStates.Change(new TileEntryBuilder().TakenAt(T0).Build(), null, null, TileStatus.Ok, T0)[0];
        var critical = new TileEntryBuilder().With(new ClusterNodesBuilder().NotReady(3).Build()).TakenAt(T0.AddMinutes(5)).Build();

        var rows = TileStates.Change(critical, TileStatus.Ok, open, TileStatus.Critical, T0.AddMinutes(5));

        Assert.Equal(2, rows.Count);
        Assert.Equal((open.Id, T0.AddMinutes(5)), (rows[0].Id, rows[0].Until));
        Assert.Equal("first reading → OK", open.Reason);
        Assert.Equal(("OK → CRITICAL", TimelineSeverity.Critical, (DateTimeOffset?)null), (rows[1].Reason, rows[1].Severity, rows[1].Until));
        Assert.StartsWith("0 / 3 ready; node-0 NotReady", rows[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_is_never_dated_before_the_state_it_ends()
    {
        var open = TileStates.Change(new TileEntryBuilder().TakenAt(T0.AddMinutes(5)).Build(), null, null, TileStatus.Ok, T0.AddMinutes(5))[0];
        var failing = new TileEntryBuilder().TakenAt(T0).Failing("boom", T0.AddMinutes(1)).Build();

        var rows = TileStates.Change(failing, TileStatus.Ok, open, TileStatus.Error, T0.AddMinutes(6));

        Assert.Equal(T0.AddMinutes(5), rows[1].At);
    }

    [Theory]
    [InlineData(TileStatus.Ok)]
    [InlineData(TileStatus.Warning)]
    [InlineData(TileStatus.Critical)]
    [InlineData(TileStatus.Stale)]
    [InlineData(TileStatus.Error)]
    public void A_row_carries_the_status_it_opened_as_a_code_that_reads_back(TileStatus status)
    {
        var row = TileStates.Change(new TileEntryBuilder().TakenAt(T0).Build(), TileStatus.Ok, null, status, T0)[0];

        Assert.Equal(status, row.State);
        Assert.Equal(status, TileStatusCodes.FromCode(status.Code()));
    }

    [Fact]
    public void Codes_are_stable_and_distinct()
    {
        Assert.Equal(["waiting", "ok", "warning", "critical", "stale", "error"], Enum.GetValues<TileStatus>().Select(s => s.Code()));
        Assert.Equal([0, 1, 2, 3, 4, 5], Enum.GetValues<TileStatus>().Select(s => (int)s));
    }

    [Fact]
    public void After_a_restart_the_timeline_continues_from_the_code_even_when_the_words_were_different()
    {
        // A state row written by a version that worded its labels otherwise: only its code says CRITICAL.
        var critical = new TileEntryBuilder().With(new ClusterNodesBuilder().NotReady(3).Build()).TakenAt(T0.AddMinutes(5)).Build();
        var open = new TimelineEventBuilder("s").In(critical.Key.Group, critical.Key.Panel, critical.Key.Target).TileState("all fine → on fire", TileStatus.Critical).At(T0).Build();
        var detector = new TimelineDetector();
        detector.Seed([open]);

        var view = new StoreView(System.Collections.Immutable.ImmutableDictionary<PanelKey, TileEntry>.Empty.Add(critical.Key, critical), 1);
        var rows = detector.Observe(view, T0.AddMinutes(6));

        Assert.DoesNotContain(rows, r => r.Kind == TimelineKind.TileState);
    }
}
