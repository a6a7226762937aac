namespace OpsDashboard.Panels.Freshness;

/// <summary>Turns a health page answer into fresh / late / stale, by the app's thresholds.</summary>
public static class FreshnessJudge
{
    public static PodFreshness Judge(string pod, int statusCode, HealthPage page, FreshnessAppOptions app, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(app);
        var dbTask = page.Tasks.FirstOrDefault(t => t.Name == app.Fields.DbTask);
        var age = dbTask?.SinceLastRun ?? (page.DbUpdated is { } updated ? now - updated : null);
        var oldest = page.Tasks.Select(t => t.SinceLastRun).Where(s => s is not null).DefaultIfEmpty(age).Max();
        var state = statusCode >= 500 || page.Tasks.Any(t => t.Late) || oldest > app.MaxAge
            ? FreshnessState.Stale
            : oldest > app.RefreshInterval + app.Grace ? FreshnessState.Late : FreshnessState.Fresh;
        var lateTasks = page.Tasks.Where(t => t.Late).Select(t => t.SinceLastRun is { } s ? $"{t.Name} {Durations.Format(s)} ago" : $"{t.Name} never ran").ToList();
        return new PodFreshness(pod, state, age, page.CodeSha, page.DbSha, page.DbChecksum, lateTasks.Count == 0 ? null : $"late: {string.Join(", ", lateTasks)}")
        {
            StatusCode = statusCode,
            Tasks = page.Tasks,
        };
    }
}
