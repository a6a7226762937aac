using OpsDashboard.Pipeline;

namespace OpsDashboard.Demo;

/// <summary>A demo source's readings at any moment. The demo is a pure function of time, so its past can be played again.</summary>
public interface IDemoScript
{
    SourceInfo Info { get; }

    TimeSpan Interval { get; }

    IEnumerable<(string Group, string Target, PanelSnapshot? Snapshot, string? Error)> ReadingsAt(DateTimeOffset now);
}

public static class DemoScripts
{
    /// <summary>Puts what the script reads at <paramref name="at"/> into <paramref name="store"/>, as the collector would, dated <paramref name="at"/>; returns the tiles written.</summary>
    public static IReadOnlyList<PanelKey> PublishAt(this IDemoScript script, PanelStore store, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(store);
        var keys = new List<PanelKey>();
        foreach (var (group, target, snapshot, error) in script.ReadingsAt(at))
        {
            var key = new PanelKey(script.Info.Panel, group, target);
            keys.Add(key);
            if (snapshot is not null)
            {
                store.Publish(key, snapshot, at, isDemo: true, script.Info.StaleAfter);
            }
            else
            {
                store.ReportFault(key, error ?? "no data", isDemo: true, script.Info.StaleAfter);
            }
        }

        return keys;
    }
}

/// <summary>Base of the demo sources: polled like a real source, and able to say what it would have read at any moment.</summary>
public abstract class DemoSource<TSnapshot>(DemoFleet fleet, TimeSpan interval) : PolledSource<TSnapshot>(fleet.Time, interval), IDemoScript
    where TSnapshot : PanelSnapshot
{
    protected DemoFleet Fleet => fleet;

    /// <summary>What the source reads at <paramref name="now"/>.</summary>
    public abstract IReadOnlyList<TargetReading<TSnapshot>> Read(DateTimeOffset now);

    IEnumerable<(string Group, string Target, PanelSnapshot? Snapshot, string? Error)> IDemoScript.ReadingsAt(DateTimeOffset now) =>
        Read(now).Select(r => (r.Group, r.Target, (PanelSnapshot?)r.Snapshot, r.Error));

    protected override Task<IReadOnlyList<TargetReading<TSnapshot>>> PollAsync(CancellationToken cancellationToken) => Task.FromResult(Read(Time.GetUtcNow()));
}
