namespace OpsDashboard.Pipeline;

/// <summary>What the dashboard knows about a source without running it.</summary>
/// <param name="Panel">The panel this source feeds.</param>
/// <param name="Name">Shown to people, e.g. "demo fleet" or "kubeconfig context oregon-a".</param>
/// <param name="IsDemo">True for simulated data: every page says DEMO DATA while such a source is registered.</param>
/// <param name="StaleAfter">Data older than this is shown as stale.</param>
public sealed record SourceInfo(PanelKind Panel, string Name, bool IsDemo, TimeSpan StaleAfter);

/// <summary>Where a running source reports what it read. Implemented by the collector on top of the store.</summary>
public interface IReadingSink<in TSnapshot>
    where TSnapshot : PanelSnapshot
{
    void Publish(string group, string target, TSnapshot snapshot, DateTimeOffset takenAt);

    void Fail(string group, string target, string message);

    /// <summary>Marks every target this source has reported so far as failing (e.g. the whole upstream is down).</summary>
    void FailAll(string message);
}

/// <summary>
/// A source adapter for one panel. Watch-driven sources push whenever something changes; polled sources derive from
/// <see cref="PolledSource{TSnapshot}"/>. Either way the collector runs it, and nothing else calls upstreams.
/// </summary>
public interface IPanelSource<TSnapshot>
    where TSnapshot : PanelSnapshot
{
    SourceInfo Info { get; }

    /// <summary>Runs until cancelled. Throwing ends this run; the collector marks the tiles failing and restarts it.</summary>
    Task RunAsync(IReadingSink<TSnapshot> sink, CancellationToken cancellationToken);
}
