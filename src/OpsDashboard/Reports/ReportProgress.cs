namespace OpsDashboard.Reports;

/// <summary>How far a report has got: steps done of the steps known so far, and what is happening now.</summary>
public sealed record ReportProgress(int Done, int Total, string Message)
{
    public double Percent => Total <= 0 ? 0 : Math.Min(100, 100.0 * Done / Total);
}

/// <summary>
/// What a source read for a window: merged pull requests and which of their authors had none merged before it; IsDemo
/// when it is the built-in demo sample (<see cref="DemoReport"/>), so the post says DEMO.
/// </summary>
public sealed record SourceReading(IReadOnlyList<MergedPullRequest> PullRequests, IReadOnlySet<string> FirstTimeContributors, string Description, bool IsDemo = false);

/// <summary>Where merged pull requests come from: GitHub's search API or a local git clone.</summary>
public interface IReportSource
{
    /// <summary>Reads the pull requests merged in <paramref name="window"/>; <paramref name="authorsToSkip"/> are left out (bots, listed ones), so no first-time lookup is spent on them.</summary>
    Task<SourceReading> ReadAsync(ReportWindow window, Func<string, bool> authorsToSkip, IProgress<ReportProgress> progress, CancellationToken cancellationToken);
}
