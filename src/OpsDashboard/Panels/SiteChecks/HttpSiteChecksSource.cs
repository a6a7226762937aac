using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// Checks every configured site on its own interval, each check on its own loop so a hanging site costs only its own
/// timeout, and publishes the site's group (one tile) after every check. Sites with a Blackbox selector are read from
/// Prometheus instead of asked.
/// </summary>
public sealed class HttpSiteChecksSource : ISiteChecksSource
{
    private readonly TimeProvider _time;
    private readonly ISiteProber _prober;
    private readonly ISiteProber? _blackbox;
    private readonly IReadOnlyList<(string Group, Lock Lock, IReadOnlyList<SiteCheckTracker> Trackers)> _groups;

    public HttpSiteChecksSource(SiteChecksOptions options, TimeProvider time, ISiteProber? prober = null, ISiteProber? blackbox = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _prober = prober ?? new SiteProber(time);
        _blackbox = blackbox;
        _groups = [.. options.Sites.GroupBy(s => s.Group, StringComparer.Ordinal).Select(g => (g.Key, new Lock(), (IReadOnlyList<SiteCheckTracker>)[.. g.Select(s => new SiteCheckTracker(s))]))];
        var slowest = options.Sites.Count == 0 ? TimeSpan.FromMinutes(1) : options.Sites.Max(s => s.Interval + s.Timeout);
        Info = new SourceInfo(SiteChecksPanel.Kind, $"HTTP checks of {options.Sites.Count} site{(options.Sites.Count == 1 ? "" : "s")}", IsDemo: false, StaleAfter: slowest * 3);
    }

    public SourceInfo Info { get; }

    public Task RunAsync(IReadingSink<SiteGroupChecks> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return Task.WhenAll(_groups.SelectMany(g => g.Trackers.Select(t => CheckLoopAsync(g, t, sink, cancellationToken))));
    }

    private async Task CheckLoopAsync((string Group, Lock Lock, IReadOnlyList<SiteCheckTracker> Trackers) group, SiteCheckTracker tracker, IReadingSink<SiteGroupChecks> sink, CancellationToken cancellationToken)
    {
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
