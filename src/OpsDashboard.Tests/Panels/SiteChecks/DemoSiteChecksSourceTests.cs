using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Demo;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>The demo's first hour through the panel's own change detector: the rolling upgrade's 503 episode and what follows it.</summary>
public sealed class DemoSiteChecksSourceTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_rolling_upgrade_takes_mdn_down_for_ten_minutes_with_fast_then_slow_burn_and_a_certificate_warning_later()
    {
        var fleet = new DemoFleet(new FakeTimeProvider(Start), Options.Create(new DemoOptions()));
        var demo = new DemoSiteChecksSource(fleet);
        var rows = new List<TimelineEvent>();
        var previous = new Dictionary<string, (SiteGroupChecks Snapshot, DateTimeOffset At)>();
        for (var at = fleet.Epoch; at < fleet.Epoch + TimeSpan.FromHours(1); at += DemoSiteChecksSource.Every)
        {
            foreach (var reading in demo.Read(at))
            {
                var key = new PanelKey(SiteChecksPanel.Kind, reading.Group, reading.Target);
                var before = previous.GetValueOrDefault(reading.Target);
                rows.AddRange(SiteChecksChanges.Between(new ChangeContext(key, at, IsDemo: true) { PreviousTakenAt = before.Snapshot is null ? null : before.At }, before.Snapshot, reading.Snapshot!));
                previous[reading.Target] = (reading.Snapshot!, at);
            }
        }

        TimeSpan Script(TimelineEvent row) => row.At - fleet.Epoch;
        var down = Assert.Single(rows, r => r.Reason == "down");
        Assert.Equal(("Site/developer.mozilla.org", TimeSpan.FromMinutes(20), TimelineSeverity.Critical), (down.InvolvedObject, Script(down), down.Severity));
        var recovered = Assert.Single(rows, r => r.Reason == "recovered");
        Assert.Equal((TimeSpan.FromMinutes(30), "developer.mozilla.org recovered after 10 min down"), (Script(recovered), recovered.Message));
        Assert.Equal(["fast burn", "slow burn", "burn rate normal"], rows.Where(r => r.Reason.Contains("burn", StringComparison.Ordinal)).Select(r => r.Reason));
        var certificate = Assert.Single(rows, r => r.Reason == "certificate");
        Assert.Equal("Site/interactive-examples.mdn.mozilla.net", certificate.InvolvedObject);
        Assert.InRange(Script(certificate), TimeSpan.FromMinutes(44.5), TimeSpan.FromMinutes(45));
        Assert.All(rows, r => Assert.True(r.IsDemo));
        Assert.True(demo.Info.IsDemo);
        // www.mozilla.org misses one check 12 minutes in: not the three it takes to be down, nor enough to burn.
        Assert.DoesNotContain(rows, r => r.InvolvedObject == "Site/www.mozilla.org");
    }
}
