using System.Globalization;
using OpsDashboard.Pipeline;
using OpsDashboard.TimeSeries;

namespace OpsDashboard.Panels.Cdn;

/// <summary>
/// How much of a distribution's traffic the CDN served rather than the origin, over a window. The hit ratio is null when
/// no method has data (no CacheHitRate and no origin traffic); the method says how it was worked out.
/// </summary>
public sealed record CdnHitRatio(
    string Distribution,
    string Alias,
    double? HitRatio,
    string Method,
    double CdnBytes,
    double? OriginBytes,
    double Requests,
    double? OriginRequests,
    double Error4xxRate,
    double Error5xxRate,
    TimeSpan Window,
    double WarnBelow) : PanelSnapshot
{
    /// <summary>Hit ratio per period over the trend span, oldest first.</summary>
    public IReadOnlyList<MetricPoint> Trend { get; init; } = [];

    public CdnComparison? Comparison { get; init; }

    /// <summary>The upstream said some series came back incomplete.</summary>
    public bool Partial { get; init; }

    /// <summary>What the configured refresh costs in CloudWatch API charges, e.g. "≈ $2.59/month (6 metrics every 1 min)".</summary>
    public string? ApiCost { get; init; }

    public override DataHealth Health => Error5xxRate >= 0.05
        ? DataHealth.Critical
        : HitRatio is null || HitRatio < WarnBelow || Error5xxRate >= 0.01 ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => HitRatio is { } ratio ? string.Create(CultureInfo.InvariantCulture, $"{ratio * 100:0.0} %") : "no hit ratio";

    public override string? Why => Health switch
    {
        DataHealth.Ok => null,
        _ when Error5xxRate >= 0.01 => string.Create(CultureInfo.InvariantCulture, $"{Error5xxRate * 100:0.0} % of requests answered 5xx"),
        _ when HitRatio is null => Method,
        _ => string.Create(CultureInfo.InvariantCulture, $"hit ratio {HitRatio * 100:0.0} % is below {WarnBelow * 100:0} %: origin served {OriginShare()} in {Durations.Format(Window)}"),
    };

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        .. HitRatio is { } ratio ? [new HeadlineFigure("hit_ratio", Math.Round(ratio, 5))] : Array.Empty<HeadlineFigure>(),
        new("requests", Requests),
        new("bytes_cdn", CdnBytes),
        .. OriginBytes is { } origin ? [new HeadlineFigure("bytes_origin", origin)] : Array.Empty<HeadlineFigure>(),
        new("error_5xx_rate", Math.Round(Error5xxRate, 5)),
    ];

    private string OriginShare() => OriginBytes is { } bytes
        ? Bytes.Format(bytes)
        : string.Create(CultureInfo.InvariantCulture, $"{OriginRequests:N0} requests");
}

/// <summary>A series before and after a moment, as hourly rates: "origin requests −45 % since Oct 26".</summary>
public sealed record CdnComparison(DateTimeOffset At, string? Label, CdnSeriesKind Series, double BeforePerHour, double AfterPerHour)
{
    public double? Change => BeforePerHour > 0 ? (AfterPerHour / BeforePerHour) - 1 : null;

    public string Sentence
    {
        get
        {
            var what = Series switch
            {
                CdnSeriesKind.OriginRequests => "origin requests",
                CdnSeriesKind.OriginBytes => "origin bytes",
                CdnSeriesKind.Requests => "CDN requests",
                CdnSeriesKind.BytesDownloaded => "CDN bytes",
                _ => Series.ToString(),
            };
            var change = Change is { } c ? string.Create(CultureInfo.InvariantCulture, $"{(c < 0 ? "−" : "+")}{Math.Abs(c) * 100:0} %") : "(nothing before)";
            return string.Create(CultureInfo.InvariantCulture, $"{what} {change} since {At:MMM d}{(Label is null ? "" : $" ({Label})")}");
        }
    }
}
