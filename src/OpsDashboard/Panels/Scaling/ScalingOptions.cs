namespace OpsDashboard.Panels.Scaling;

/// <summary>Configuration section <c>Dashboard:Scaling</c>.</summary>
public sealed class ScalingOptions
{
    public const string Section = "Dashboard:Scaling";

    /// <summary>How long an HPA may sit at its maxReplicas before its cluster's tile turns WARNING.</summary>
    public TimeSpan WarnAtMaxAfter { get; set; } = TimeSpan.FromMinutes(10);
}
