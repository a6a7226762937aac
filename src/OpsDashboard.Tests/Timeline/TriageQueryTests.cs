using OpsDashboard.Panels.Freshness;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

public sealed class TriageQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static (TriageQuery Query, IReadOnlyList<string> Errors) Parse(string query) => TriageQuery.Parse(
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => (string?)Uri.UnescapeDataString(p[1])));

    [Theory]
    [InlineData("")]
    [InlineData("?range=15m")]
    [InlineData("?range=7d&cluster=oregon-b&namespace=mdn-prod&object=Deployment%2Fkumascript&panel=pods&severity=warning")]
    [InlineData("?from=2026-11-22T11%3A40%3A00Z&to=2026-11-22T12%3A10%3A00Z&panel=rds-import&at=2026-11-22T11%3A55%3A00Z")]
    public void An_address_reads_back_into_the_same_address(string address)
    {
        var (query, errors) = Parse(address);

        Assert.Empty(errors);
        Assert.Equal(address, query.ToQueryString());
    }

    [Fact]
    public void Every_part_of_the_address_lands_where_the_views_read_it()
    {
        var (query, _) = Parse("?range=15m&cluster=tokyo&namespace=bedrock-prod&object=Pod%2Fbedrock-web-1&panel=freshness&severity=critical");
        var filter = query.Filter(Now);

        Assert.Equal((Now.AddMinutes(-15), Now), (filter.From, filter.To));
        Assert.Equal(("tokyo", "bedrock-prod", "Pod/bedrock-web-1", FreshnessPanel.Kind, TimelineSeverity.Critical),
            (filter.Cluster, filter.Namespace, filter.InvolvedObject, filter.Panel, filter.MinSeverity));
        Assert.True(query.IsLive);
    }

    [Fact]
    public void A_live_range_frozen_for_a_permalink_keeps_the_minutes_it_meant()
    {
        var (query, _) = Parse("?range=15m&cluster=tokyo");

        var frozen = query.Frozen(Now);

        Assert.False(frozen.IsLive);
        Assert.Equal("?from=2026-11-22T11%3A45%3A00Z&to=2026-11-22T12%3A00%3A00Z&cluster=tokyo", frozen.ToQueryString());
        Assert.Equal(frozen.Window(Now), frozen.Window(Now.AddDays(3)));
    }

    [Theory]
    [InlineData("?range=2w", "range=2w is not one of 15m, 1h, 24h, 7d.")]
    [InlineData("?panel=disks", "panel=disks is not a panel: use one of nodes, pods, rollouts, scaling, freshness, rds-import, cdn, site-checks.")]
    [InlineData("?severity=loud", "severity=loud is not a severity: use info, warning or critical.")]
    [InlineData("?from=2026-11-22T12:00:00Z&to=2026-11-22T11:00:00Z", "from and to must both be given, from before to, as UTC times such as 2026-11-22T12:00:00Z; showing the last hour instead.")]
    [InlineData("?at=yesterday", "at=yesterday is not a time: use UTC, such as 2026-11-22T12:00:00Z.")]
    public void A_value_not_understood_is_explained_and_the_rest_still_works(string address, string error)
    {
        var (query, errors) = Parse(address + "&cluster=tokyo");

        Assert.Equal(error, Assert.Single(errors));
        Assert.Equal("tokyo", query.Cluster);
        Assert.Equal((Now.AddHours(-1), Now), query.Window(Now));
    }

    [Theory]
    [InlineData(15, 2)]
    [InlineData(60, 2)]
    [InlineData(24 * 60, 30)]
    [InlineData(7 * 24 * 60, 60)]
    public void A_live_view_re_reads_less_often_the_longer_its_range(int minutes, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TriageQuery.FollowPause((Now.AddMinutes(-minutes), Now)));
}
