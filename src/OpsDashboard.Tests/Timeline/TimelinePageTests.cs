using Bunit;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

public sealed class TimelinePageTests : TriageTestContext
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static readonly TimelineEvent BackOff = new TimelineEventBuilder("backoff").In("oregon-b").Critical().At(Start.AddMinutes(-20), Start.AddMinutes(-16))
        .About("mdn-prod", "Pod/kumascript-5c4b-q8x7z", "Deployment/kumascript").Says("BackOff", "Back-off restarting failed container kumascript", 9).Build();

    private static readonly TimelineEvent Red = new TimelineEventBuilder("red").In("oregon-b").TileState("OK → CRITICAL", TileStatus.Critical).Critical().At(Start.AddMinutes(-19), Start.AddMinutes(-15))
        .Says("OK → CRITICAL", "44 / 45 ready; mdn-prod/kumascript: CrashLoopBackOff (last exit: OOMKilled)").Build();

    private static readonly TimelineEvent Tokyo = new TimelineEventBuilder("tokyo").In("tokyo").At(Start.AddMinutes(-5)).Says("Unhealthy", "Readiness probe failed").Build();

    [Fact]
    public async Task The_address_says_what_is_shown_and_rows_come_newest_first()
    {
        await WriteAsync(BackOff, Red, Tokyo);
        GoTo("timeline?cluster=oregon-b");

        var page = Render<TimelinePage>();

        page.WaitForAssertion(() => Assert.Equal(["OK → CRITICAL", "BackOff"], page.FindAll("[data-timeline-row]").Select(r => r.GetAttribute("data-timeline-row"))), Wait);
        Assert.Equal("2", page.Find("[data-timeline-total]").GetAttribute("data-timeline-total"));
        Assert.Contains("BackOff ×9, 4 min", page.FindAll("[data-timeline-row]")[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("oregon-b", page.Find("select[aria-label=cluster] option[selected]").GetAttribute("value"));
    }

    [Fact]
    public void The_last_15_minutes_is_one_link_that_keeps_the_filters()
    {
        GoTo("timeline?cluster=oregon-b&severity=warning");

        var page = Render<TimelinePage>();

        Assert.Equal("timeline?range=15m&cluster=oregon-b&severity=warning", page.Find("a[data-range='15m']").GetAttribute("href"));
        Assert.Contains("active", page.Find("a[data-range='1h']").ClassList);
    }

    [Fact]
    public void Changing_a_filter_changes_the_address()
    {
        GoTo("timeline?range=15m");
        var page = Render<TimelinePage>();

        page.Find("select[aria-label=severity]").Change("critical");

        Assert.EndsWith("/timeline?range=15m&severity=critical", Address, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_opens_onto_its_object_its_workload_and_the_kubectl_commands_for_it()
    {
        await WriteAsync(BackOff);
        GoTo("timeline");
        var page = Render<TimelinePage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-timeline-row]")), Wait);

        page.Find("[data-timeline-row]").Click();

        Assert.Equal("panels/pods/oregon-b/mdn-prod/Deployment/kumascript", page.Find("[data-detail-link]").GetAttribute("href"));
        Assert.Contains("kubectl --context oregon-b -n mdn-prod describe pod kumascript-5c4b-q8x7z", page.Find(".kubectl").TextContent, StringComparison.Ordinal);
        Assert.Contains(page.FindAll("[data-timeline-detail] a"), a => a.GetAttribute("href") == "timeline?cluster=oregon-b&object=Deployment%2Fkumascript");
    }

    [Fact]
    public async Task New_rows_appear_on_a_live_range_without_a_reload()
    {
        await WriteAsync(BackOff);
        GoTo("timeline?range=15m");
        var page = Render<TimelinePage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-timeline-loads]").GetAttribute("data-timeline-loads")), Wait);
        Assert.NotNull(page.Find("[data-timeline-empty]"));

        await WriteAsync(Tokyo);
        Feed.Written();

        page.WaitForAssertion(() => Assert.Equal(["Unhealthy"], page.FindAll("[data-timeline-row]").Select(r => r.GetAttribute("data-timeline-row"))), Wait);
        Assert.Equal("2", page.Find("[data-timeline-loads]").GetAttribute("data-timeline-loads"));
    }

    [Fact]
    public async Task The_postmortem_export_is_the_range_as_markdown_with_a_link_back_to_the_same_view()
    {
        await WriteAsync(BackOff, Red);
        GoTo("timeline?range=1h&cluster=oregon-b");
        var page = Render<TimelinePage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-timeline-row]").Count), Wait);

        page.Find("[data-export]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("# Incident timeline: oregon-b, 2026-11-22 11:00 – 12:00 UTC", page.Find("[data-postmortem] textarea").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("/timeline?from=2026-11-22T11%3A00%3A00Z&to=2026-11-22T12%3A00%3A00Z&cluster=oregon-b", page.Find("[data-postmortem] textarea").TextContent, StringComparison.Ordinal);
        Assert.Equal("timeline/postmortem.md?from=2026-11-22T11%3A00%3A00Z&to=2026-11-22T12%3A00%3A00Z&cluster=oregon-b", page.Find("[data-postmortem] a[download]").GetAttribute("href"));
    }

    [Fact]
    public void Before_anything_was_recorded_the_page_says_so_instead_of_an_empty_list()
    {
        var page = Render<TimelinePage>();

        page.WaitForAssertion(() => Assert.Contains("nothing has been recorded", page.Find("[data-timeline-error]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task The_first_screen_is_a_screenful_and_older_rows_come_on_demand()
    {
        await WriteAsync([.. Enumerable.Range(0, TimelinePage.FirstPage + 10).Select(i => new TimelineEventBuilder($"r{i}").At(Start.AddSeconds(-i)).Build())]);
        GoTo("timeline");
        var page = Render<TimelinePage>();
        page.WaitForAssertion(() => Assert.Equal(TimelinePage.FirstPage, page.FindAll("[data-timeline-row]").Count), Wait);
        Assert.Equal((TimelinePage.FirstPage + 10).ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("[data-timeline-total]").GetAttribute("data-timeline-total"));

        page.Find("[data-older]").Click();

        page.WaitForAssertion(() => Assert.Equal(TimelinePage.FirstPage + 10, page.FindAll("[data-timeline-row]").Count), Wait);
        Assert.Empty(page.FindAll("[data-older]"));
    }

    [Fact]
    public async Task An_incident_row_says_what_changed_last_before_it_in_its_cluster()
    {
        // The rollout rows are of another panel: a panel filter on pods still names them under the incident.
        await WriteAsync(Red,
            new TimelineEventBuilder("rollout").Rollout("oregon-b", "kumascript", "rolled out", "kumascript rolled out abc → def").At(Red.At.AddMinutes(-6)).Build(),
            new TimelineEventBuilder("tokyo-rollout").Rollout("tokyo", "kumascript", "rolled out", "kumascript rolled out def → xyz").At(Red.At.AddMinutes(-1)).Build());
        GoTo("timeline?cluster=oregon-b&panel=pods");

        var page = Render<TimelinePage>();

        page.WaitForAssertion(() => Assert.Equal("after: kumascript rolled out abc → def 6 min earlier in oregon-b", page.Find("[data-what-changed]").TextContent), Wait);
        Assert.Single(page.FindAll("[data-timeline-row]"));
    }
}
