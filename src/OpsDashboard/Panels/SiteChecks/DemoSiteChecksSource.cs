using OpsDashboard.Demo;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// The fleet's public sites, checked every 30 s. The story: 20 minutes in, MDN's rolling MySQL upgrade fails every web
/// pod's readiness at once and developer.mozilla.org answers 503 for 10 minutes (fast burn, then slow burn for the
/// next half hour); www.mozilla.org misses one check 12 minutes into each day (one of three: not down, and too little to burn); 45 minutes in, the
/// interactive examples' certificate comes within 14 days of expiry; SUMO was down for 4 minutes two days before.
/// Every check goes through the real <see cref="SiteCheckTracker"/>, played from before this month and the last 7 days.
/// </summary>
public sealed class DemoSiteChecksSource(DemoFleet fleet) : DemoSource<SiteGroupChecks>(fleet, Every), ISiteChecksSource
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan UpgradeAt = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan UpgradeLasts = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan UpgradeEvery = TimeSpan.FromDays(7);
    private const long OneDay = 2880;
    private const string Nginx503 = "<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

    private static readonly IReadOnlyList<DemoSite> Sites =
    [
        new("bedrock", "www.mozilla.org", "https://www.mozilla.org/", 140, TimeSpan.FromDays(61)),
        new("bedrock", "www.mozilla.org/firefox", "https://www.mozilla.org/en-US/firefox/", 160, TimeSpan.FromDays(61)),
        new("mdn", "developer.mozilla.org", "https://developer.mozilla.org/en-US/", 190, TimeSpan.FromDays(48)),
        new("mdn", "interactive-examples.mdn.mozilla.net", "https://interactive-examples.mdn.mozilla.net/", 90, TimeSpan.FromDays(14) + TimeSpan.FromMinutes(45)),
        new("sumo", "support.mozilla.org", "https://support.mozilla.org/en-US/", 260, TimeSpan.FromDays(75)),
    ];

    private readonly Lock _lock = new();
    private List<SiteCheckTracker>? _trackers;
    private long _played = long.MinValue;

    public override SourceInfo Info { get; } = new(SiteChecksPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromMinutes(2));

    public override IReadOnlyList<TargetReading<SiteGroupChecks>> Read(DateTimeOffset now)
    {
        lock (_lock)
        {
            var upTo = (long)Math.Floor(Fleet.Elapsed(now) / Every);
            if (_trackers is null || upTo < _played)
            {
                var monthStart = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
                var from = Min(now - TimeSpan.FromDays(8), monthStart);
                _trackers = [.. Sites.Select(s => new SiteCheckTracker(s.Options))];
                _played = (long)Math.Floor(Fleet.Elapsed(from) / Every) - 1;
            }

            for (var k = _played + 1; k <= upTo; k++)
            {
                var at = Fleet.Epoch + (Every * k);
                for (var i = 0; i < Sites.Count; i++)
                {
                    _trackers[i].Record(Check(Sites[i], at, k));
                }
            }

            _played = Math.Max(_played, upTo);
            var trackers = _trackers;
            return
            [
                .. Sites.Select((s, i) => (s.Group, Tracker: trackers[i])).GroupBy(x => x.Group, StringComparer.Ordinal)
                    .Select(g => TargetReading<SiteGroupChecks>.Ok(SiteChecksPanel.OverviewGroup, g.Key, new SiteGroupChecks(g.Key, [.. g.Select(x => x.Tracker.Snapshot(now))]))),
            ];
        }
    }

    /// <summary>Every demo check in [from, to) counted per site and hour, as the real source keeps them in slot_counts (the weekly report's demo availability).</summary>
    public IReadOnlyList<History.SlotCount> HourlyCounts(DateTimeOffset from, DateTimeOffset to)
    {
        var counts = new Dictionary<(DemoSite Site, long Hour), (long Total, long Bad)>();
        for (var k = (long)Math.Ceiling(Fleet.Elapsed(from) / Every); Fleet.Epoch + (Every * k) < to; k++)
        {
            var at = Fleet.Epoch + (Every * k);
            foreach (var site in Sites)
            {
                var key = (site, at.ToUnixTimeSeconds() / 3600);
                var (total, bad) = counts.GetValueOrDefault(key);
                counts[key] = (total + 1, bad + (Check(site, at, k).Up ? 0 : 1));
            }
        }

        return [.. counts.Select(c => new History.SlotCount(new PanelKey(SiteChecksPanel.Kind, c.Key.Site.Group, c.Key.Site.Name), History.SlotLength.Hour, c.Key.Hour, c.Value.Total, c.Value.Bad))];
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private SiteProbeResult Check(DemoSite site, DateTimeOffset at, long k)
    {
        var elapsed = Fleet.Elapsed(at);
        var noise = DemoNoise.Unit(site.Name, k);
        var dns = 2 + (12 * DemoNoise.Unit(site.Name + "/dns", k));
        var connect = 8 + (20 * DemoNoise.Unit(site.Name + "/connect", k));
        var tls = 18 + (30 * DemoNoise.Unit(site.Name + "/tls", k));
        var expiry = Fleet.Epoch + site.CertificateIn;
        var redirects = site.Name == "www.mozilla.org" ? new[] { new RedirectHop(301, site.Url, "https://www.mozilla.org/en-US/") } : [];
        var finalUrl = redirects.Length > 0 ? redirects[^1].To : site.Url;

        if (site.Name == "developer.mozilla.org" && InUpgrade(elapsed))
        {
            return Result(503, 12 + (6 * noise), false, "HTTP 503", Nginx503);
        }

        if (site.Name == "support.mozilla.org" && elapsed >= -TimeSpan.FromHours(51) && elapsed < -TimeSpan.FromHours(51) + TimeSpan.FromMinutes(4))
        {
            return Result(502, 30, false, "HTTP 502", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n");
        }

        if (site.Name == "www.mozilla.org" && (((k % OneDay) + OneDay) % OneDay) == 24)
        {
            return new SiteProbeResult(at, false, null, new ProbePhases(Ms(dns), Ms(connect), Ms(tls), null, TimeSpan.FromSeconds(10)), "no answer within 10 s")
            {
                Redirects = redirects,
                CertificateExpiry = expiry,
                FinalUrl = site.Url,
            };
        }

        return Result(200, site.FirstByteMs * (0.7 + (0.6 * noise)) * (noise > 0.97 ? 3 : 1), true, null, null);

        SiteProbeResult Result(int status, double firstByte, bool up, string? error, string? body) =>
            new(at, up, status, new ProbePhases(Ms(dns), Ms(connect), Ms(tls), Ms(firstByte), Ms(dns + connect + tls + firstByte + (up ? 15 : 1))), error)
            {
                Redirects = redirects,
                CertificateExpiry = expiry,
                BodyStart = body,
                FinalUrl = finalUrl,
            };
    }

    /// <summary>The rolling upgrade's 503s: 20 to 30 minutes into the story, and a week before and after.</summary>
    public static bool InUpgrade(TimeSpan elapsed)
    {
        var cycle = TimeSpan.FromTicks(((elapsed.Ticks % UpgradeEvery.Ticks) + UpgradeEvery.Ticks) % UpgradeEvery.Ticks);
        return cycle >= UpgradeAt && cycle < UpgradeAt + UpgradeLasts;
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(Math.Round(ms, 1));

    private sealed record DemoSite(string Group, string Name, string Url, double FirstByteMs, TimeSpan CertificateIn)
    {
        public SiteCheckOptions Options { get; } = new() { Name = Name, Group = Group, Url = Url, Interval = Every, Timeout = TimeSpan.FromSeconds(10), Retries = 3, ExpectText = "Mozilla" };
    }
}
