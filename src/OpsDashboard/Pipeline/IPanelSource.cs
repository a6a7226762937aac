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

    /// <summary>
    /// Something escaped a round of the source (any exception, expected or not): every target is marked with the reason,
    /// or a tile standing for the source when none has reported yet. The collector's sink also logs it with its stack trace.
    /// </summary>
    void Crashed(Exception exception) => FailAll(SourceFailure.Reason(exception));
}

public static class SourceFailure
{
    /// <summary>The exception's own words, or its type when it has none: a tile never says nothing.</summary>
    public static string Reason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return string.IsNullOrWhiteSpace(exception.Message) ? exception.GetType().Name : exception.Message;
    }
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
