namespace OpsDashboard.Panels.SiteChecks;

/// <summary>A site's state once <see cref="SiteCheck.Retries"/> consecutive checks agree. Values are pinned.</summary>
public enum SiteState
{
    /// <summary>Fewer than Retries checks so far agree.</summary>
    Unknown = 0,
    Up = 1,
    Down = 2,
}

/// <summary>One check's times in milliseconds, for the latency graph by phase.</summary>
public sealed record LatencySample(DateTimeOffset At, bool Up, double? DnsMs, double? ConnectMs, double? TlsMs, double? FirstByteMs, double TotalMs)
{
    public static LatencySample Of(SiteProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var p = result.Phases;
        return new(result.At, result.Up, p.Dns?.TotalMilliseconds, p.Connect?.TotalMilliseconds, p.Tls?.TotalMilliseconds, p.FirstByte?.TotalMilliseconds, p.Total.TotalMilliseconds);
    }
}

/// <summary>A time the site was down, from its first failed check to its first good one; <paramref name="To"/> is null while it lasts.</summary>
public sealed record DownEpisode(DateTimeOffset From, DateTimeOffset? To, string Reason)
{
    public TimeSpan Duration(DateTimeOffset now) => (To ?? now) - From;
}

/// <summary>What the checks of one site say now: its state and since when, its recent checks, its down episodes and SLO.</summary>
public sealed record SiteCheck(string Name, string Url, SiteState State, DateTimeOffset? Since, int Retries, int Disagreeing, SiteAvailability Availability)
{
    public const int CertificateWarningDays = 14;

    public SiteProbeResult? Last { get; init; }

    /// <summary>The latest failed check, kept after the site recovers: its status and first bytes of body say what users got.</summary>
    public SiteProbeResult? LastFailure { get; init; }

    public IReadOnlyList<LatencySample> Recent { get; init; } = [];

    /// <summary>Down episodes of the last 7 days, oldest first.</summary>
    public IReadOnlyList<DownEpisode> Episodes { get; init; } = [];

    public DateTimeOffset ObservedAt { get; init; }

    public TimeSpan? CertificateLeft => Last?.CertificateExpiry is { } expiry ? expiry - ObservedAt : null;

    /// <summary>The certificate expires in under 14 days (or has expired).</summary>
    public bool CertificateWarning => CertificateLeft is { } left && left < TimeSpan.FromDays(CertificateWarningDays);

    public BurnState Burn => Availability.Burn;

    /// <summary>The 95th percentile of the recent good checks' total time; null without any.</summary>
    public double? P95Ms => SiteLatency.P95([.. Recent.Where(s => s.Up).Select(s => s.TotalMs)]);
}

public static class SiteLatency
{
    /// <summary>Nearest-rank 95th percentile.</summary>
    public static double? P95(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(0.95 * sorted.Length) - 1)];
    }

    public static string Format(double ms) => ms >= 1000
        ? (ms / 1000).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " s"
        : ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms";
}
