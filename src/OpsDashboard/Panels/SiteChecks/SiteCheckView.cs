using OpsDashboard.Components.Shared;
using OpsDashboard.TimeSeries;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>The words and series of the site pages, out of the markup so they can be tested as a table.</summary>
public static class SiteCheckView
{
    /// <summary>"up for 2 h", "DOWN for 6 min", "up, 2 of 3 checks failed".</summary>
    public static string StateText(SiteCheck site, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        var since = site.Since is { } s ? $" for {Durations.Format(now - s)}" : "";
        var state = site.State switch
        {
            SiteState.Up => $"up{since}",
            SiteState.Down => $"DOWN{since}",
            _ => $"waiting for {site.Retries} checks in a row",
        };
        return site.Disagreeing > 0 && site.State != SiteState.Unknown
            ? $"{state}, {site.Disagreeing} of {site.Retries} checks {(site.State == SiteState.Up ? "failed" : "good")}"
            : state;
    }

    /// <summary>"HTTP 200 in 182 ms" or the check's error.</summary>
    public static string LastText(SiteCheck site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.Last is not { } last ? "" : last.Up ? $"HTTP {last.Status} in {SiteLatency.Format(last.Phases.Total.TotalMilliseconds)}" : last.Error ?? "failed";
    }

    public static string BurnWord(BurnState burn) => burn switch
    {
        BurnState.Fast => "FAST",
        BurnState.Slow => "slow",
        _ => "–",
    };

    /// <summary>The phases drawn on the site page, each its own line.</summary>
    public static IReadOnlyList<(string Phase, IReadOnlyList<MetricPoint> Points)> Phases(SiteCheck site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return
        [
            .. new (string Phase, Func<LatencySample, double?> Value)[]
            {
                ("total", s => s.TotalMs),
                ("DNS", s => s.DnsMs),
                ("connect", s => s.ConnectMs),
                ("TLS", s => s.TlsMs),
                ("first byte", s => s.FirstByteMs),
            }
            .Select(p => (p.Phase, (IReadOnlyList<MetricPoint>)[.. site.Recent.Where(s => p.Value(s) is not null).Select(s => new MetricPoint(s.At, p.Value(s)!.Value))]))
            .Where(p => p.Item2.Count > 0),
        ];
    }

    /// <summary>The down episodes as a strip under the graph.</summary>
    public static IReadOnlyList<TrendState> Episodes(SiteCheck site, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(site);
        return [.. site.Episodes.Select(e => new TrendState(e.From, e.To ?? now, "trend-state-critical", $"down {Durations.Format(e.Duration(now))}: {e.Reason}"))];
    }
}
