using System.Globalization;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Cdn;

/// <summary>How much of a distribution's traffic the CDN served rather than the origin, over a window.</summary>
public sealed record CdnHitRatio(
    string Distribution,
    string Alias,
    double HitRatio,
    string Method,
    double CdnBytes,
    double OriginBytes,
    double Requests,
    double Error4xxRate,
    double Error5xxRate,
    TimeSpan Window,
    double WarnBelow) : PanelSnapshot
{
    public override DataHealth Health => Error5xxRate >= 0.05
        ? DataHealth.Critical
        : HitRatio < WarnBelow || Error5xxRate >= 0.01 ? DataHealth.Warning : DataHealth.Ok;

    public override string Headline => string.Create(CultureInfo.InvariantCulture, $"{HitRatio * 100:0.0} %");

    public override string? Why => Health switch
    {
        DataHealth.Ok => null,
        _ when Error5xxRate >= 0.01 => string.Create(CultureInfo.InvariantCulture, $"{Error5xxRate * 100:0.0} % of requests answered 5xx"),
        _ => string.Create(CultureInfo.InvariantCulture, $"hit ratio {HitRatio * 100:0.0} % is below {WarnBelow * 100:0} %: origin served {Bytes.Format(OriginBytes)} in {Durations.Format(Window)}"),
    };

    public override IReadOnlyList<HeadlineFigure> Figures =>
    [
        new("hit_ratio", Math.Round(HitRatio, 5)),
        new("requests", Requests),
        new("bytes_cdn", CdnBytes),
        new("bytes_origin", OriginBytes),
        new("error_5xx_rate", Math.Round(Error5xxRate, 5)),
    ];
}
