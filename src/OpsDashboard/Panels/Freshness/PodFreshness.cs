namespace OpsDashboard.Panels.Freshness;

/// <summary>healthchecks.io's up / grace / down, plus "we could not ask".</summary>
public enum FreshnessState
{
    Fresh,
    Late,
    Stale,
    Unreachable,
}

/// <summary>What one pod's health page says about its local database.</summary>
public sealed record PodFreshness(
    string Pod,
    FreshnessState State,
    TimeSpan? DbAge,
    string? CodeSha,
    string? DbSha,
    string? DbChecksum,
    string? Error)
{
    public bool ShaMismatch => CodeSha is not null && DbSha is not null && !string.Equals(CodeSha, DbSha, StringComparison.OrdinalIgnoreCase);
}
