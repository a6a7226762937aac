namespace OpsDashboard.Panels.Cdn;

/// <summary>Configuration section <c>Dashboard:Cdn</c>: the CloudFront distributions to watch.</summary>
public sealed class CdnOptions
{
    public const string Section = "Dashboard:Cdn";

    public List<CdnDistributionOptions> Distributions { get; set; } = [];

    /// <summary>The tile's figures cover this much time up to now.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Resolution of every series (CloudWatch period, PromQL step).</summary>
    public TimeSpan Period { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How far back the trend graph goes.</summary>
    public TimeSpan Trend { get; set; } = TimeSpan.FromHours(24);
}

public sealed class CdnDistributionOptions
{
    /// <summary>The CloudFront distribution id (dimension DistributionId).</summary>
    public string Id { get; set; } = "";

    /// <summary>Shown on the tile, e.g. mdn.mozillademos.org.</summary>
    public string? Alias { get; set; }

    public HitRatioMethod HitRatio { get; set; } = HitRatioMethod.Auto;

    /// <summary>The origin's load balancer, for the hit ratio from CDN vs origin traffic.</summary>
    public CdnOriginOptions? Origin { get; set; }

    /// <summary>PromQL per series (Requests, BytesDownloaded, Error4xxRate, Error5xxRate, CacheHitRate, OriginRequests, OriginBytes) instead of CloudWatch.</summary>
    public Dictionary<CdnSeriesKind, string> Prometheus { get; set; } = [];

    public double WarnBelow { get; set; } = 0.95;

    public CdnCompareOptions? Compare { get; set; }
}

public sealed class CdnOriginOptions
{
    /// <summary>The ALB's dimension value, e.g. app/mdn-attachments/50dc6c495c0c9188.</summary>
    public string LoadBalancer { get; set; } = "";

    public string Region { get; set; } = "us-west-2";

    public string Namespace { get; set; } = "AWS/ApplicationELB";
}

/// <summary>A before/after comparison around a moment, e.g. the day the attachments went behind the CDN.</summary>
public sealed class CdnCompareOptions
{
    public DateTimeOffset At { get; set; }

    public string? Label { get; set; }

    public CdnSeriesKind Series { get; set; } = CdnSeriesKind.OriginRequests;

    /// <summary>How long before and after the moment are compared.</summary>
    public TimeSpan Span { get; set; } = TimeSpan.FromDays(7);
}

public enum HitRatioMethod
{
    /// <summary>CacheHitRate when the distribution has additional metrics, else origin bytes, else origin requests.</summary>
    Auto = 0,
    CacheHitRate = 1,
    OriginBytes = 2,
    OriginRequests = 3,
}

public enum CdnSeriesKind
{
    Requests,
    BytesDownloaded,
    Error4xxRate,
    Error5xxRate,
    CacheHitRate,
    OriginRequests,
    OriginBytes,
}
