namespace OpsDashboard.Panels.Freshness;

/// <summary>healthchecks.io's up / grace / down, plus "we could not ask" and "we could not read the answer".</summary>
public enum FreshnessState
{
    Fresh = 0,
    Late = 1,
    Stale = 2,
    Unreadable = 3,
    Unreachable = 4,
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
    public string? Url { get; init; }

    public int? StatusCode { get; init; }

    public IReadOnlyList<CronTask> Tasks { get; init; } = [];

    /// <summary>The running code and the code that built its DB differ (the DB will not update until they match).</summary>
    public bool ShaMismatch => CodeSha is not null && DbSha is not null && !ShortShaEquals(CodeSha, DbSha);

    private static bool ShortShaEquals(string a, string b)
    {
        var length = Math.Min(a.Length, b.Length);
        return length >= 7 && string.Equals(a[..length], b[..length], StringComparison.OrdinalIgnoreCase);
    }
}
