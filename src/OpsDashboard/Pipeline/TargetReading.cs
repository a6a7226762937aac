namespace OpsDashboard.Pipeline;

/// <summary>What one poll learned about one target: a snapshot, or why there is none.</summary>
public sealed record TargetReading<TSnapshot>(string Group, string Target, TSnapshot? Snapshot, string? Error)
    where TSnapshot : PanelSnapshot
{
    public static TargetReading<TSnapshot> Ok(string group, string target, TSnapshot snapshot) => new(group, target, snapshot, null);

    public static TargetReading<TSnapshot> Failed(string group, string target, string error) => new(group, target, null, error);
}
