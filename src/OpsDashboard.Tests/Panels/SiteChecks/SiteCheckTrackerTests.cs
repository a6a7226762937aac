using OpsDashboard.Panels.SiteChecks;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>The state of a site changes only after Retries consecutive results agree.</summary>
public sealed class SiteCheckTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Results as a string ('+' up, '-' failed), one per 30 s; the states after each as U(nknown), u(p), d(own).</summary>
    [Theory]
    [InlineData(3, "+++", "UUu")]
    [InlineData(3, "+++-+-+-+-+-", "UUuuuuuuuuuu")]
    [InlineData(3, "+++--+--+", "UUuuuuuuu")]
    [InlineData(3, "+++----+++", "UUuuuddddu")]
    [InlineData(1, "+-+", "udu")]
    [InlineData(2, "--++", "Uddu")]
    public void A_state_changes_only_after_Retries_results_in_a_row(int retries, string results, string states)
    {
        var tracker = new SiteCheckTracker(new SiteCheckOptions { Name = "mdn", Url = "https://developer.mozilla.org/", Retries = retries });
        var seen = new List<char>();
        for (var i = 0; i < results.Length; i++)
        {
            var at = T0 + TimeSpan.FromSeconds(30 * i);
            tracker.Record(Result(at, results[i] == '+'));
            seen.Add(tracker.Snapshot(at).State switch { SiteState.Up => 'u', SiteState.Down => 'd', _ => 'U' });
        }

        Assert.Equal(states, new string([.. seen]));
    }

    [Fact]
    public void A_down_episode_runs_from_its_first_failed_check_to_its_first_good_one()
    {
        var tracker = new SiteCheckTracker(new SiteCheckOptions { Name = "mdn", Url = "https://developer.mozilla.org/", Retries = 3 });
        var results = "+++----+++";
        for (var i = 0; i < results.Length; i++)
        {
            tracker.Record(Result(T0 + TimeSpan.FromSeconds(30 * i), results[i] == '+'));
        }

        var site = tracker.Snapshot(T0 + TimeSpan.FromSeconds(270));

        var episode = Assert.Single(site.Episodes);
        Assert.Equal(T0 + TimeSpan.FromSeconds(90), episode.From);
        Assert.Equal(T0 + TimeSpan.FromSeconds(210), episode.To);
        Assert.Equal(TimeSpan.FromMinutes(2), episode.Duration(T0));
        Assert.Equal("HTTP 503", episode.Reason);
        Assert.Equal(T0 + TimeSpan.FromSeconds(210), site.Since);
        Assert.Equal(T0 + TimeSpan.FromSeconds(180), site.LastFailure?.At);
        Assert.Equal(10, site.Recent.Count);
        Assert.Equal(new CheckCounts(10, 4), site.Availability.FiveMinutes);
    }

    [Fact]
    public void Up_with_failures_not_yet_confirmed_says_how_many()
    {
        var tracker = new SiteCheckTracker(new SiteCheckOptions { Name = "www", Url = "https://www.mozilla.org/", Retries = 3 });
        foreach (var (i, up) in new[] { (0, true), (1, true), (2, true), (3, false), (4, false) })
        {
            tracker.Record(Result(T0 + TimeSpan.FromSeconds(30 * i), up));
        }

        var site = tracker.Snapshot(T0 + TimeSpan.FromMinutes(3));

        Assert.Equal(SiteState.Up, site.State);
        Assert.Equal(2, site.Disagreeing);
        Assert.Equal("up for 3 min, 2 of 3 checks failed", SiteCheckView.StateText(site, T0 + TimeSpan.FromMinutes(3)));
    }

    private static SiteProbeResult Result(DateTimeOffset at, bool up) =>
        new(at, up, up ? 200 : 503, new ProbePhases(null, TimeSpan.FromMilliseconds(1), null, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(25)), up ? null : "HTTP 503");
}
