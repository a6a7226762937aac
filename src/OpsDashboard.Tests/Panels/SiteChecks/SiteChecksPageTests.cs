using Bunit;
using Microsoft.Extensions.Options;
using OpsDashboard.Demo;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>The group and site pages over the demo five minutes into MDN's 503 episode.</summary>
public sealed class SiteChecksPageTests : DashboardTestContext
{
    private SiteGroupChecks PublishMdn()
    {
        var fleet = new DemoFleet(Clock, Options.Create(new DemoOptions { StartAt = DemoSiteChecksSource.UpgradeAt + TimeSpan.FromMinutes(5) }));
        var mdn = new DemoSiteChecksSource(fleet).Read(Clock.GetUtcNow()).Single(r => r.Target == "mdn").Snapshot!;
        Store.Publish(new PanelKey(SiteChecksPanel.Kind, SiteChecksPanel.OverviewGroup, "mdn"), mdn, Clock.GetUtcNow(), isDemo: true, TimeSpan.FromMinutes(2));
        return mdn;
    }

    [Fact]
    public void The_site_page_shows_the_state_the_slo_a_graph_per_phase_the_episode_and_the_last_failing_response()
    {
        PublishMdn();

        var page = Render<SitePage>(p => p.Add(x => x.Group, "mdn").Add(x => x.Site, "developer.mozilla.org"));

        Assert.Equal("DOWN for 5 min", page.Find("[data-state]").TextContent);
        Assert.StartsWith("fast burn: ", page.Find("[data-burn]").TextContent, StringComparison.Ordinal);
        Assert.Contains("error budget left this month", page.Find("[data-budget]").TextContent, StringComparison.Ordinal);
        Assert.Equal(["total, last 120 checks", "DNS, last 120 checks", "connect, last 120 checks", "TLS, last 120 checks", "first byte, last 120 checks"],
            page.FindAll("figure.trend-chart").Select(f => f.GetAttribute("aria-label")));
        // Newest first: this one, and last week's upgrade still within the 7 days.
        var episodes = page.FindAll("[data-episode]");
        Assert.Equal(2, episodes.Count);
        Assert.Contains("still down", episodes[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("10 min", episodes[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("HTTP 503", page.Find("[data-last-failure]").TextContent, StringComparison.Ordinal);
        Assert.Contains("<title>503 Service Temporarily Unavailable</title>", page.Find("[data-body-start]").TextContent, StringComparison.Ordinal);
        Assert.Single(page.FindAll("[data-state='down 5 min: HTTP 503']"));
    }

    [Fact]
    public void The_group_page_lists_each_site_with_its_state_and_link()
    {
        var mdn = PublishMdn();

        var page = Render<SiteGroupPage>(p => p.Add(x => x.Group, "mdn"));

        Assert.Equal(mdn.Sites.Select(s => s.Name), page.FindAll("[data-site]").Select(r => r.GetAttribute("data-site")));
        Assert.Equal("panels/site-checks/mdn/developer.mozilla.org", page.Find("[data-site='developer.mozilla.org'] a").GetAttribute("href"));
        Assert.Contains("row-bad", page.Find("[data-site='developer.mozilla.org']").ClassList);
        Assert.Contains("1 / 2 up", page.Find("[data-group-facts]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Redirects_followed_are_listed_on_the_site_page()
    {
        var fleet = new DemoFleet(Clock, Options.Create(new DemoOptions()));
        var bedrock = new DemoSiteChecksSource(fleet).Read(Clock.GetUtcNow()).Single(r => r.Target == "bedrock").Snapshot!;
        Store.Publish(new PanelKey(SiteChecksPanel.Kind, SiteChecksPanel.OverviewGroup, "bedrock"), bedrock, Clock.GetUtcNow(), isDemo: true, TimeSpan.FromMinutes(2));

        var page = Render<SitePage>(p => p.Add(x => x.Group, "bedrock").Add(x => x.Site, "www.mozilla.org"));

        Assert.Equal("301 https://www.mozilla.org/ → https://www.mozilla.org/en-US/", page.Find("[data-redirects] li").TextContent);
    }
}
