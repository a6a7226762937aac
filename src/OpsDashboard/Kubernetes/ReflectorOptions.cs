namespace OpsDashboard.Kubernetes;

/// <summary>Tuning of the list → watch loop; defaults follow client-go's reflector.</summary>
public sealed record ReflectorOptions
{
    public int PageSize { get; init; } = 500;

    /// <summary>Watches ask the server to end them after a random time between this and twice this, then resume.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A watch that sends nothing at all (not even a bookmark) for this long is treated as hung and reopened.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// A list page not answered within this is given up and retried, and the cluster's tiles say so. The API server ends
    /// its own non-watch requests after 60 s; a page still pending after that hangs behind a proxy or a half-dead server,
    /// and without a limit (watches need an infinite client timeout) the cluster would wait unseen forever.
    /// </summary>
    public TimeSpan ListTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Every request (list page, watch, probe) whose response headers have not come within this is given up: an API
    /// server that takes connections and never answers is told in seconds, not at the list timeout or the idle timeout.
    /// </summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When nothing at all (answer, event, bookmark) has come from the API server for this long, ask its /readyz.</summary>
    public TimeSpan ProbeAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a /readyz probe waits for its headers before the API server counts as silent.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the prober looks; while the server is unreachable, the least time between two probes.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The backoff starts over when no delay was asked for within this (client-go's reflector: 2 min).</summary>
    public TimeSpan BackoffResetAfter { get; init; } = TimeSpan.FromMinutes(2);
}
