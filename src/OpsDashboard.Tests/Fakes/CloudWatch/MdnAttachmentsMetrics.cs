namespace OpsDashboard.Tests.Fakes.CloudWatch;

/// <summary>
/// MDN's attachments week on a <see cref="FakeCloudWatch"/>: 197 GB from CloudFront, 3 GB from the origin ALB, 1.2 % 4xx,
/// 0.05 % 5xx, and origin requests that fell 45 % at <c>behindCdn</c>.
/// </summary>
public static class MdnAttachmentsMetrics
{
    public const string DistributionId = "E2QWRUHAPOMQZL";
    public const string LoadBalancer = "app/mdn-attachments/50dc6c495c0c9188";
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(5);
    private static readonly double PeriodsPerWeek = TimeSpan.FromDays(7) / Period;

    public static void Define(FakeCloudWatch fake, DateTimeOffset behindCdn)
    {
        ArgumentNullException.ThrowIfNull(fake);
        var cdn = new Dictionary<string, string> { ["DistributionId"] = DistributionId, ["Region"] = "Global" };
        var alb = new Dictionary<string, string> { ["LoadBalancer"] = LoadBalancer };
        fake.Define("AWS/CloudFront", "Requests", cdn, (_, p) => 10_000 * (p / Period));
        fake.Define("AWS/CloudFront", "BytesDownloaded", cdn, (_, p) => 197e9 / PeriodsPerWeek * (p / Period));
        fake.Define("AWS/CloudFront", "4xxErrorRate", cdn, (_, _) => 1.2);
        fake.Define("AWS/CloudFront", "5xxErrorRate", cdn, (_, _) => 0.05);
        fake.Define("AWS/ApplicationELB", "ProcessedBytes", alb, (_, p) => 3e9 / PeriodsPerWeek * (p / Period));
        fake.Define("AWS/ApplicationELB", "RequestCount", alb, (t, p) => (t < behindCdn ? 10_000 : 5_500) * (p / Period));
    }
}
