using OpsDashboard.History;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// Checks every configured site on its own interval, each check on its own loop so a hanging site costs only its own
/// timeout, and publishes the site's group (one tile) after every check. Sites with a Blackbox selector are read from
/// Prometheus instead of asked. Up to <see cref="StartTogether"/> sites are first checked at once; more are spread
/// evenly over their interval, as Prometheus spreads its scrapes, so a thousand sites never start in one burst. The
/// counts behind each site's SLO are kept in the history database every <see cref="KeepEvery"/> and when the source
/// stops, and read back when it starts: a restart or a new leader does not start the month's error budget afresh.
/// </summary>
public sealed class HttpSiteChecksSource : ISiteChecksSource
{
    public const int StartTogether = 20;
    public static readonly TimeSpan KeepEvery = TimeSpan.FromMinutes(1);
    private readonly TimeProvider _time;
    private readonly SlotCountState? _counts;
    private readonly ISiteProber _prober;
    private readonly ISiteProber? _blackbox;
    private readonly IReadOnlyList<(string Group, Lock Lock, IReadOnlyList<SiteCheckTracker> Trackers)> _groups;

    public HttpSiteChecksSource(SiteChecksOptions options, TimeProvider time, ISiteProber? prober = null, ISiteProber? blackbox = null, SlotCountState? counts = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _counts = counts;
        _prober = prober ?? new SiteProber(time);
        _blackbox = blackbox;
        _groups = [.. options.Sites.GroupBy(s => s.Group, StringComparer.Ordinal).Select(g => (g.Key, new Lock(), (IReadOnlyList<SiteCheckTracker>)[.. g.Select(s => new SiteCheckTracker(s))]))];
        var slowest = options.Sites.Count == 0 ? TimeSpan.FromMinutes(1) : options.Sites.Max(s => s.Interval + s.Timeout);
        Info = new SourceInfo(SiteChecksPanel.Kind, $"HTTP checks of {options.Sites.Count} site{(options.Sites.Count == 1 ? "" : "s")}", IsDemo: false, StaleAfter: slowest * 3);
    }

    public SourceInfo Info { get; }

    public async Task RunAsync(IReadingSink<SiteGroupChecks> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var all = _groups.SelectMany(g => g.Trackers.Select(t => (Group: g, Tracker: t))).ToList();
        if (_counts is not null)
        {
            var kept = (await _counts.LoadAsync(SiteChecksPanel.Kind, cancellationToken)).ToLookup(c => (c.Tile.Group, c.Tile.Target));
            foreach (var (group, tracker) in all)
            {
                tracker.RestoreCounts(kept[(group.Group, tracker.Site.Name)].Select(c => (c.Length, c.Slot, c.Total, c.Bad)));
            }
        }

        // The keeping clock starts before the first check, so a save falls every minute after it.
        using var keepEvery = _counts is null ? null : new PeriodicTimer(KeepEvery, _time);
        var loops = all.Select((x, i) => CheckLoopAsync(x.Group, x.Tracker, FirstCheckAfter(x.Tracker.Site, i, all.Count), sink, cancellationToken)).ToList();
        if (_counts is not null)
        {
            loops.Add(KeepCountsAsync(keepEvery!, all.ConvertAll(x => (x.Group.Group, x.Tracker)), cancellationToken));
        }

        await Task.WhenAll(loops);
    }

    /// <summary>When the <paramref name="index"/>th of <paramref name="count"/> sites is first checked.</summary>
    public static TimeSpan FirstCheckAfter(SiteCheckOptions site, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(site);
        return count <= StartTogether ? TimeSpan.Zero : site.Interval * index / count;
    }

    private async Task KeepCountsAsync(PeriodicTimer timer, List<(string Group, SiteCheckTracker Tracker)> sites, CancellationToken cancellationToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await SaveCountsAsync(sites, cancellationToken);
            }
        }
        finally
        {
            // What the last minute counted, on the way out: a stop loses nothing.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await SaveCountsAsync(sites, stopping.Token);
        }
    }

    /// <summary>Writes what changed; what could not be written (the database is down, the source is stopping) is written next time.</summary>
    private async Task SaveCountsAsync(List<(string Group, SiteCheckTracker Tracker)> sites, CancellationToken cancellationToken)
    {
        var taken = sites.ConvertAll(s => (Site: s, Counts: s.Tracker.TakeChangedCounts()));
        var counts = taken.SelectMany(t => t.Counts.Select(c =>
            new SlotCount(new PanelKey(SiteChecksPanel.Kind, t.Site.Group, t.Site.Tracker.Site.Name), c.Length, c.Slot, c.Checks, c.Failed))).ToList();
        var minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var saved = false;
        try
        {
            saved = await _counts!.SaveAsync(SiteChecksPanel.Kind, counts, minute - AvailabilityLedger.Minutes, (minute / 60) - AvailabilityLedger.Hours, cancellationToken);
        }
        finally
        {
            if (!saved)
            {
                taken.ForEach(t => t.Site.Tracker.UntakeCounts(t.Counts));
            }
        }
    }

    private async Task CheckLoopAsync((string Group, Lock Lock, IReadOnlyList<SiteCheckTracker> Trackers) group, SiteCheckTracker tracker, TimeSpan firstAfter, IReadingSink<SiteGroupChecks> sink, CancellationToken cancellationToken)
    {
        if (firstAfter > TimeSpan.Zero)
        {
            await Task.Delay(firstAfter, _time, cancellationToken);
        }

        using var timer = new PeriodicTimer(tracker.Site.Interval, _time);
        do
        {
            SiteProbeResult result;
            try
            {
                var prober = tracker.Site.Blackbox is null ? _prober : _blackbox ?? throw new SiteCheckUnavailableException("Dashboard:Prometheus:Url is not set");
                result = await prober.ProbeAsync(tracker.Site, cancellationToken);
            }
            catch (SiteCheckUnavailableException ex)
            {
                sink.Fail(SiteChecksPanel.OverviewGroup, group.Group, $"{tracker.Site.Name}: {ex.Message}");
                continue;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                result = new SiteProbeResult(_time.GetUtcNow(), false, null, new ProbePhases(null, null, null, null, TimeSpan.Zero), SourceFailure.Reason(ex));
            }

            tracker.Record(result);
            lock (group.Lock)
            {
                var now = _time.GetUtcNow();
                sink.Publish(SiteChecksPanel.OverviewGroup, group.Group, new SiteGroupChecks(group.Group, [.. group.Trackers.Select(t => t.Snapshot(now))]), now);
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
