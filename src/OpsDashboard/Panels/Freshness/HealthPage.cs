namespace OpsDashboard.Panels.Freshness;

/// <summary>One cron task as a pod's health page reports it: how long since it last ran, against its maximum.</summary>
public sealed record CronTask(string Name, TimeSpan? SinceLastRun, TimeSpan Max)
{
    public bool Late => SinceLastRun is not { } since || since > Max;
}

/// <summary>What a pod's health page says (bedrock's /healthz-cron/ or a JSON equivalent), before any judgement.</summary>
public sealed record HealthPage(
    IReadOnlyList<CronTask> Tasks,
    string? CodeSha,
    string? DbSha,
    string? DbChecksum,
    DateTimeOffset? DbUpdated,
    string? DbFile);
