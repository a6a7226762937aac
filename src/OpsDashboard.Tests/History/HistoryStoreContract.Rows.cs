using OpsDashboard.History;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.History;

/// <summary>The contract's timeline rows: pages, filters, the density strip and long-range counts.</summary>
public abstract partial class HistoryStoreContract
{
    [Fact]
    public async Task Pages_are_newest_first_and_never_overlap_or_skip_even_when_rows_share_a_moment()
    {
        // 25 rows on 5 distinct moments: ties must be broken the same way on every page.
        var rows = Enumerable.Range(0, 25).Select(i => new TimelineEventBuilder($"r{i}").At(T0.AddSeconds(i / 5)).Build()).ToList();
        await _store.UpsertEventsAsync(rows, CancellationToken.None);

        var seen = new List<TimelineEvent>();
        TimelineCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await _store.QueryEventsAsync(Day, 10, cursor, CancellationToken.None);
            seen.AddRange(page.Events);
            cursor = page.Older;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(25, seen.Select(r => r.Id).Distinct().Count());
        Assert.Equal(seen.OrderByDescending(r => r.At).ThenByDescending(r => r.Id).Select(r => r.Id), seen.Select(r => r.Id));
    }

    [Theory]
    [InlineData("cluster", 2)]
    [InlineData("namespace", 1)]
    [InlineData("panel", 1)]
    [InlineData("severity", 2)]
    [InlineData("object", 1)]
    [InlineData("owner", 2)]
    [InlineData("range", 1)]
    public async Task Filters_narrow_the_rows_and_the_count_alike(string filter, int expected)
    {
        await _store.UpsertEventsAsync(
        [
            new TimelineEventBuilder("a").In("tokyo").About("bedrock-prod", "Pod/bedrock-web-1", "Deployment/bedrock-web").Critical().Build(),
            new TimelineEventBuilder("b").In("tokyo", NodesPanel.Kind).About(null, "Node/ip-10-3-0-20", null).Info().At(T0.AddHours(-2)).Build(),
            new TimelineEventBuilder("c").In("oregon-a").About("mdn-prod", "Pod/web-1", "Deployment/web").Critical().Build(),
            new TimelineEventBuilder("d").In("oregon-a").About("sumo-prod", "Pod/web-2", "Deployment/web").Info().Build(),
        ], CancellationToken.None);
        var query = filter switch
        {
            "cluster" => Day with { Cluster = "tokyo" },
            "namespace" => Day with { Namespace = "mdn-prod" },
            "panel" => Day with { Panel = NodesPanel.Kind },
            "severity" => Day with { MinSeverity = TimelineSeverity.Warning },
            "object" => Day with { InvolvedObject = "Pod/web-1" },
            "owner" => Day with { InvolvedObject = "Deployment/web" },
            _ => Day with { From = T0.AddHours(-3), To = T0.AddHours(-1) },
        };

        var page = await _store.QueryEventsAsync(query, 10, null, CancellationToken.None);

        Assert.Equal(expected, page.Events.Count);
        Assert.All(page.Events, e => Assert.True(query.Matches(e), $"{e.Reason} {e.InvolvedObject} does not match the filter"));
        Assert.Equal(expected, await _store.CountEventsAsync(query, CancellationToken.None));
    }

    [Fact]
    public async Task The_density_strip_counts_rows_per_slice_by_severity()
    {
        await _store.UpsertEventsAsync(
        [
            new TimelineEventBuilder("a").At(T0).Critical().Build(),
            new TimelineEventBuilder("b").At(T0.AddMinutes(1)).Build(),
            new TimelineEventBuilder("c").At(T0.AddMinutes(59)).Info().Build(),
            new TimelineEventBuilder("d").At(T0.AddMinutes(61)).Info().Build(),
        ], CancellationToken.None);

        var buckets = await _store.EventDensityAsync(new TimelineFilter(T0, T0.AddHours(1)), 4, CancellationToken.None);

        Assert.Equal(4, buckets.Count);
        Assert.Equal((1, 1, 0), (buckets[0].Critical, buckets[0].Warning, buckets[0].Info));
        Assert.Equal(TimelineSeverity.Critical, buckets[0].Worst);
        Assert.Equal([0, 0], buckets.Skip(1).Take(2).Select(b => b.Total));
        Assert.Equal(1, buckets[3].Info);
        Assert.Equal(T0, buckets[0].From);
        Assert.Equal(T0.AddMinutes(15), buckets[1].From);
    }

    [Fact]
    public async Task A_long_range_counts_from_per_minute_totals_exactly_as_the_rows_would_after_rows_are_written_again_and_pruned()
    {
        // 6 h in 120 slices of 3 min: long enough for the per-minute totals, and every minute lies in one slice.
        var (from, to) = (T0, T0.AddHours(6));
        var random = new Random(7);
        TimelineEvent Row(string key, DateTimeOffset at) => new TimelineEventBuilder(key).At(at).Severity((TimelineSeverity)random.Next(3))
            .In(random.Next(2) == 0 ? "tokyo" : "oregon-a").About(random.Next(2) == 0 ? "mdn-prod" : null, "Pod/web-1").Build();
        var rows = Enumerable.Range(0, 3000).Select(i => Row($"r{i}", from.AddSeconds(random.Next(-600, (6 * 3600) + 600)))).ToList();
        await _store.UpsertEventsAsync(rows, CancellationToken.None);
        var again = rows.Take(1000).Select(r => Row($"r{rows.IndexOf(r)}", r.At.AddSeconds(-random.Next(0, 900)))).ToList();
        await _store.UpsertEventsAsync(again, CancellationToken.None);
        await _store.PruneAsync(from.AddMinutes(40), CancellationToken.None);
        var kept = again.Concat(rows.Skip(1000)).Where(r => r.At >= from.AddMinutes(40)).ToList();

        foreach (var filter in new[]
        {
            new TimelineFilter(from, to),
            new TimelineFilter(from, to) { Cluster = "tokyo", MinSeverity = TimelineSeverity.Warning },
            new TimelineFilter(from, to) { Namespace = "mdn-prod", Panel = PodsPanel.Kind },
        })
        {
            var density = await _store.EventDensityAsync(filter, 120, CancellationToken.None);

            var expected = kept.Where(filter.Matches).GroupBy(r => Math.Min(119, (int)((r.At - from) / TimeSpan.FromMinutes(3))))
                .ToDictionary(g => g.Key, g => (g.Count(r => r.Severity == TimelineSeverity.Info), g.Count(r => r.Severity == TimelineSeverity.Warning), g.Count(r => r.Severity == TimelineSeverity.Critical)));
            Assert.Equal(
                Enumerable.Range(0, 120).Select(b => expected.GetValueOrDefault(b)),
                density.Select(b => (b.Info, b.Warning, b.Critical)));
            Assert.Equal(await _store.CountEventsAsync(filter, CancellationToken.None), density.Sum(b => b.Total));
        }
    }
}
