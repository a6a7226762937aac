namespace OpsDashboard.Kubernetes;

/// <summary>Tuning of the list → watch loop; defaults follow client-go's reflector.</summary>
public sealed record ReflectorOptions
{
    public int PageSize { get; init; } = 500;

    /// <summary>Watches ask the server to end them after a random time between this and twice this, then resume.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch that sends nothing at all (not even a bookmark) for this long is treated as hung and reopened.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
