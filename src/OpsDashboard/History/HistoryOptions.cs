namespace OpsDashboard.History;

/// <summary>Configuration section <c>Dashboard:History</c>.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Dashboard:History";

    public bool Enabled { get; set; } = true;

    /// <summary>The SQLite file; relative paths are under the app's content root.</summary>
    public string Path { get; set; } = "data/opsdashboard-history.db";

    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Samples kept in memory while the database is unavailable, written when it comes back.</summary>
    public int MaxPendingSamples { get; set; } = 50_000;

    /// <summary>Timeline rows kept in memory while the database is unavailable; past this the oldest are dropped (and counted).</summary>
    public int MaxPendingEvents { get; set; } = 100_000;
}
