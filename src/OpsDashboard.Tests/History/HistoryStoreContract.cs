using OpsDashboard.History;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using RdsImport = OpsDashboard.Panels.RdsImport;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.History;

/// <summary>
/// What every history back-end must do, run against each of them: SQLite (<see cref="SqliteHistoryStoreTests"/>) and
/// a real PostgreSQL (<see cref="PostgresHistoryStoreTests"/>). The same queries, the same answers.
/// </summary>
public abstract partial class HistoryStoreContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private static readonly PanelKey Key = new(NodesPanel.Kind, "oregon-a", "oregon-a");
    private HistoryStore _store = null!;

    /// <summary>Opens a writer on this test's database, creating it on the first call; every call reaches the same data.</summary>
    protected abstract Task<HistoryStore> OpenAsync();

    /// <summary>Opens a reader on this test's database, as pages and the report command do: it never changes the schema.</summary>
    protected abstract Task<HistoryStore> OpenReaderAsync();

    /// <summary>Runs SQL on this test's database outside the store, as an earlier version or another tool would.</summary>
    protected abstract Task ExecuteAsync(string sql);

    public virtual async Task InitializeAsync() => _store = await OpenAsync();

    public virtual async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Samples_survive_closing_and_reopening_the_database()
    {
        await _store.AppendAsync([new(Key, "nodes_ready", T0, 11), new(Key, "nodes_ready", T0.AddSeconds(30), 12)], CancellationToken.None);
        await _store.DisposeAsync();

        _store = await OpenAsync();
        var points = await _store.QueryAsync(Key, "nodes_ready", T0.AddHours(-1), T0.AddHours(1), CancellationToken.None);

        Assert.Equal([new HistoryPoint(T0, 11), new HistoryPoint(T0.AddSeconds(30), 12)], points);
    }

    [Fact]
    public async Task A_sample_written_again_at_the_same_moment_replaces_the_first()
    {
        await _store.AppendAsync([new(Key, "f", T0, 1)], CancellationToken.None);
        await _store.AppendAsync([new(Key, "f", T0, 2)], CancellationToken.None);

        var points = await _store.QueryAsync(Key, "f", T0, T0, CancellationToken.None);

        Assert.Equal([new HistoryPoint(T0, 2)], points);
        Assert.Equal(T0, await _store.NewestSampleAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Prune_deletes_only_samples_older_than_the_cut()
    {
        await _store.AppendAsync([new(Key, "f", T0.AddDays(-8), 1), new(Key, "f", T0.AddDays(-6), 2), new(Key, "f", T0, 3)], CancellationToken.None);

        var deleted = await _store.PruneAsync(T0.AddDays(-7), CancellationToken.None);

        Assert.Equal(1, deleted);
        var left = await _store.QueryAsync(Key, "f", T0.AddDays(-30), T0, CancellationToken.None);
        Assert.Equal([2.0, 3.0], left.Select(p => p.Value));
    }

    private static TimelineFilter Day => new(T0.AddHours(-12), T0.AddHours(12));

    [Fact]
    public async Task Writing_a_row_again_with_the_same_key_replaces_it()
    {
        await _store.UpsertEventsAsync([new TimelineEventBuilder("burst").Says("BackOff", "Back-off restarting failed container", 3).Build()], CancellationToken.None);
        await _store.UpsertEventsAsync([new TimelineEventBuilder("burst").At(T0, T0.AddMinutes(4)).Says("BackOff", "Back-off restarting failed container", 9).Build()], CancellationToken.None);

        var page = await _store.QueryEventsAsync(Day, 10, null, CancellationToken.None);

        var row = Assert.Single(page.Events);
        Assert.Equal(9, row.Count);
        Assert.Equal(T0.AddMinutes(4), row.Until);
        Assert.Equal(TimelineEvent.IdOf("burst"), row.Id);
    }

    [Fact]
    public async Task Tile_states_that_cover_part_of_the_range_are_returned_oldest_first()
    {
        await _store.UpsertEventsAsync(
        [
            new TimelineEventBuilder("before").TileState("first reading → OK", TileStatus.Ok).At(T0.AddHours(-3), T0.AddHours(-2)).Build(),
            new TimelineEventBuilder("spans-start").TileState("OK → CRITICAL", TileStatus.Critical).At(T0.AddHours(-2), T0.AddMinutes(10)).Build(),
            new TimelineEventBuilder("open").TileState("CRITICAL → OK", TileStatus.Ok).At(T0.AddMinutes(10)).Build(),
            new TimelineEventBuilder("other-cluster").TileState("first reading → OK", TileStatus.Ok).In("tokyo").At(T0).Build(),
        ], CancellationToken.None);

        var states = await _store.TileStatesAsync(T0.AddHours(-1), T0.AddHours(1), "oregon-a", null, CancellationToken.None);

        Assert.Equal(["OK → CRITICAL", "CRITICAL → OK"], states.Select(s => s.Reason));
    }

    [Fact]
    public async Task A_tile_state_reads_back_as_its_code_whatever_its_words()
    {
        await _store.UpsertEventsAsync([new TimelineEventBuilder("reworded").TileState("all fine → on fire", TileStatus.Critical).At(T0).Build()], CancellationToken.None);

        var row = Assert.Single(await _store.OpenRowsAsync(TimelineKind.TileState, T0, CancellationToken.None));

        Assert.Equal((TileStatus.Critical, "all fine → on fire"), (row.State, row.Reason));
    }

    /// <summary>The events table exactly as the version before stable codes made it, with rows it wrote.</summary>
    private const string EarlierEventsTable = """
        DROP TABLE IF EXISTS event_minutes;
        DROP TABLE IF EXISTS events;
        CREATE TABLE events (
            id bigint PRIMARY KEY, at_ms bigint NOT NULL, until_ms bigint, kind integer NOT NULL, severity integer NOT NULL,
            panel text NOT NULL, grp text NOT NULL, target text NOT NULL, namespace text, object text, owner text,
            reason text NOT NULL, message text NOT NULL, count integer NOT NULL, demo integer NOT NULL, source text, total integer);
        INSERT INTO events VALUES (1, 1795348800000, NULL, 0, 2, 'Pods', 'tokyo', 'tokyo', NULL, NULL, NULL, 'OK → CRITICAL', '3 / 8 ready', 1, 0, NULL, NULL);
        INSERT INTO events VALUES (2, 1795348700000, 1795348800000, 0, 0, 'Pods', 'tokyo', 'tokyo', NULL, NULL, NULL, 'first reading → OK', '8 / 8 ready', 1, 0, NULL, NULL);
        INSERT INTO events VALUES (3, 1795348750000, 1795348760000, 1, 1, 'Pods', 'tokyo', 'tokyo', 'mdn-prod', 'Pod/web-1', 'Deployment/web', 'Unhealthy', 'Liveness probe failed', 4, 1, 'uid-1', 4);
        INSERT INTO events VALUES (4, 1795348790000, NULL, 4, 0, 'RdsImport', 'AWS', 'sumo', NULL, 'Import/sumo', NULL, 'started', 'import started', 1, 0, NULL, NULL);
        """;

    [Fact]
    public async Task Rows_written_before_stable_codes_read_back_with_their_kind_panel_and_state()
    {
        await _store.DisposeAsync();
        await ExecuteAsync(EarlierEventsTable);

        _store = await OpenAsync();
        var from = DateTimeOffset.FromUnixTimeMilliseconds(1795348600000);
        var rows = (await _store.QueryEventsAsync(new TimelineFilter(from, from.AddHours(1)), 10, null, CancellationToken.None)).Events;

        Assert.Equal(
            [
                (1L, TimelineKind.TileState, PodsPanel.Kind, (TileStatus?)TileStatus.Critical),
                (4L, RdsImport.RdsImportPanel.Import, RdsImport.RdsImportPanel.Kind, null),
                (3L, PodsPanel.WarningEvent, PodsPanel.Kind, null),
                (2L, TimelineKind.TileState, PodsPanel.Kind, TileStatus.Ok),
            ],
            rows.Select(r => (r.Id, r.Kind, r.Panel, r.State)));
        Assert.Equal(("Deployment/web", 4, true, "uid-1"), (rows[2].Owner, rows[2].Count, rows[2].IsDemo, rows[2].Source));
        Assert.Equal("RDS import", rows[1].Panel.Title);
        Assert.Equal(4, await _store.CountEventsAsync(new TimelineFilter(from, from.AddHours(1)), CancellationToken.None));
    }

    [Fact]
    public async Task Prune_keeps_old_rows_that_are_still_going_on()
    {
        await _store.UpsertEventsAsync(
        [
            new TimelineEventBuilder("old").At(T0.AddDays(-8), T0.AddDays(-8)).Build(),
            new TimelineEventBuilder("old-but-open").TileState("OK → CRITICAL", TileStatus.Critical).At(T0.AddDays(-8)).Build(),
            new TimelineEventBuilder("new").At(T0).Build(),
        ], CancellationToken.None);

        await _store.PruneAsync(T0.AddDays(-7), CancellationToken.None);

        var left = await _store.QueryEventsAsync(new TimelineFilter(T0.AddDays(-30), T0), 10, null, CancellationToken.None);
        Assert.Equal([TimelineEvent.IdOf("new"), TimelineEvent.IdOf("old-but-open")], left.Events.Select(e => e.Id));
    }

    [Fact]
    public async Task Figures_are_downsampled_to_the_slices_asked_for_and_a_gap_stays_a_gap()
    {
        var key = new PanelKey(PodsPanel.Kind, "oregon-a", "oregon-a");
        // Every 30 s for the first 20 minutes and the last 20: nothing in the middle third of the hour.
        var samples = Enumerable.Range(0, 120).Where(i => i < 40 || i >= 80).Select(i => new HistorySample(key, "pods_not_ready", T0.AddSeconds(30 * i), i % 10)).ToList();
        await _store.AppendAsync(samples, CancellationToken.None);

        var series = Assert.Single(await _store.QueryDownsampledAsync(T0, T0.AddHours(1), 6, null, PodsPanel.Kind, CancellationToken.None));

        Assert.Equal("pods_not_ready", series.Figure);
        Assert.Equal(4, series.Buckets.Count);
        Assert.All(series.Buckets, b => Assert.Equal((0, 9, 4.5), (b.Min, b.Max, b.Average)));
        Assert.True(series.Buckets[2].At > T0.AddMinutes(40), "the third slice with data is after the gap");
        Assert.Empty(await _store.QueryDownsampledAsync(T0, T0.AddHours(1), 6, "tokyo", null, CancellationToken.None));
    }

    /// <summary>The samples table as the version before demo samples were marked made it, with a row it wrote.</summary>
    private const string EarlierSamplesTable = """
        DROP TABLE IF EXISTS samples;
        CREATE TABLE samples (
            panel text NOT NULL, grp text NOT NULL, target text NOT NULL, figure text NOT NULL, at_ms bigint NOT NULL, value double precision NOT NULL,
            PRIMARY KEY (panel, grp, target, figure, at_ms));
        INSERT INTO samples VALUES ('Cdn', 'AWS', 'media.example.org', 'hit_ratio', 1795348800000, 0.5);
        """;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Samples_are_marked_demo_or_real_and_unmarked_ones_count_as_real_only_where_no_demo_ever_ran(bool demoRan)
    {
        if (demoRan)
        {
            await _store.UpsertEventsAsync([new TimelineEventBuilder("demo tile's first reading").At(T0).Build() with { IsDemo = true }], CancellationToken.None);
        }

        await _store.DisposeAsync();
        await ExecuteAsync(EarlierSamplesTable);
        var key = new PanelKey(CdnPanel.Kind, "AWS", "media.example.org");
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1795348800000);
        async Task<double[]> RealAsync(HistoryStore store) =>
            [.. (await store.QueryAsync(key, "hit_ratio", at, at.AddMinutes(5), CancellationToken.None, realOnly: true)).Select(p => p.Value)];

        // A reader of a database no writer of this version has opened yet: no demo column, every row unmarked.
        await using (var reader = await OpenReaderAsync())
        {
            Assert.Equal(demoRan ? [] : [0.5], await RealAsync(reader));
        }

        _store = await OpenAsync();
        await _store.AppendAsync(
        [
            new HistorySample(key, "hit_ratio", at.AddMinutes(1), 0.9),
            new HistorySample(key with { Target = "mdn.mozillademos.org" }, "hit_ratio", at.AddMinutes(1), 0.99, IsDemo: true),
            new HistorySample(key, "hit_ratio", at.AddMinutes(2), 0.1, IsDemo: true),
        ], CancellationToken.None);
        // A replica of the earlier version, still running during a rolling upgrade, writes a row without the mark.
        await ExecuteAsync("INSERT INTO samples (panel, grp, target, figure, at_ms, value) VALUES ('Cdn', 'AWS', 'media.example.org', 'hit_ratio', 1795348980000, 0.3)");

        var drawn = await _store.QueryDownsampledAsync(at, at.AddMinutes(5), 1, null, CdnPanel.Kind, CancellationToken.None);
        var real = await _store.QueryDownsampledAsync(at, at.AddMinutes(5), 1, null, CdnPanel.Kind, CancellationToken.None, realOnly: true);

        // Graphs draw everything; what a real post states is the real rows, and the unmarked ones only where no demo ran.
        Assert.Equal([("mdn.mozillademos.org", 0.99), ("media.example.org", 0.45)], drawn.Select(s => (s.Tile.Target, Math.Round(s.Buckets.Single().Average, 2))));
        Assert.Equal([0.5, 0.9, 0.1, 0.3], (await _store.QueryAsync(key, "hit_ratio", at, at.AddMinutes(5), CancellationToken.None)).Select(p => p.Value));
        Assert.Equal(demoRan ? [0.9] : [0.5, 0.9, 0.3], await RealAsync(_store));
        Assert.Equal(("media.example.org", demoRan ? 0.9 : 0.57), (Assert.Single(real).Tile.Target, Math.Round(real[0].Buckets.Single().Average, 2)));
    }

    [Fact]
    public async Task Slot_counts_written_again_replace_their_row_survive_reopening_and_the_old_ones_go()
    {
        var site = new PanelKey(OpsDashboard.Panels.SiteChecks.SiteChecksPanel.Kind, "mdn", "developer.mozilla.org");
        var other = site with { Target = "wiki.developer.mozilla.org" };
        await _store.WriteSlotCountsAsync(site.Panel, [new(site, SlotLength.Minute, 100, 2, 1), new(site, SlotLength.Hour, 10, 2, 1), new(other, SlotLength.Minute, 90, 1, 0)], 0, 0, CancellationToken.None);
        await _store.WriteSlotCountsAsync(site.Panel, [new(site, SlotLength.Minute, 101, 1, 0), new(site, SlotLength.Hour, 10, 3, 1)], minutesFrom: 95, hoursFrom: 5, CancellationToken.None);
        await _store.DisposeAsync();

        _store = await OpenAsync();
        var kept = await _store.SlotCountsAsync(site.Panel, CancellationToken.None);

        Assert.Equal(
            [new(site, SlotLength.Minute, 100, 2, 1), new(site, SlotLength.Minute, 101, 1, 0), new SlotCount(site, SlotLength.Hour, 10, 3, 1)],
            kept.OrderBy(c => c.Length).ThenBy(c => c.Slot));
        Assert.Empty(await _store.SlotCountsAsync(NodesPanel.Kind, CancellationToken.None));
    }
}
