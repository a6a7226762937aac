using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace OpsDashboard.Pipeline;

/// <summary>
/// Keeps, per tile, the latest snapshot, when it was taken and the last fault. Sources write; components subscribe and
/// are pushed the current <see cref="StoreView"/> when it changes, coalesced so that a subscriber renders at most
/// ten times a second however fast sources publish. A fault never removes data: it marks it.
/// </summary>
public sealed class PanelStore
{
    /// <summary>At most one update every this often per subscriber (about ten renders a second).</summary>
    public static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(100);

    private readonly TimeProvider _time;
    private readonly Lock _writeLock = new();
    private StoreView _current = StoreView.Empty;
    private TaskCompletionSource _changed = NewPulse();
    private int _subscribers;

    public PanelStore(TimeProvider time)
    {
        _time = time;
    }

    public StoreView Current => Volatile.Read(ref _current);

    /// <summary>How many <see cref="WatchAsync"/> readers are attached (pages open right now).</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers);

    public void Publish(PanelKey key, PanelSnapshot snapshot, DateTimeOffset takenAt, bool isDemo, TimeSpan staleAfter)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Update(key, existing => new TileEntry(key, snapshot, takenAt, Fault: null, isDemo, staleAfter));
    }

    /// <summary>Marks a tile's source as failing, keeping its last good snapshot. Repeated faults keep the first "since".</summary>
    public void ReportFault(PanelKey key, string message, bool isDemo, TimeSpan staleAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        var now = _time.GetUtcNow();
        Update(key, existing =>
        {
            var since = existing?.Fault?.Since ?? now;
            var fault = new SourceFault(message, since, now);
            return existing is null
                ? new TileEntry(key, null, null, fault, isDemo, staleAfter)
                : existing with { Fault = fault };
        });
    }

    /// <summary>Drops a tile that no longer stands for anything (a source's stand-in once its real targets report).</summary>
    public void Remove(PanelKey key)
    {
        lock (_writeLock)
        {
            var view = _current;
            if (!view.Tiles.ContainsKey(key))
            {
                return;
            }

            Volatile.Write(ref _current, new StoreView(view.Tiles.Remove(key), view.Version + 1));
        }

        Interlocked.Exchange(ref _changed, NewPulse()).TrySetResult();
    }

    /// <summary>
    /// Takes a tile as another replica (the leader) holds it, with the leader's times: its age stays the age of the
    /// data, however late it arrives. An entry older than the one held is ignored, so a late write never turns back time.
    /// </summary>
    public void Replicate(TileEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Update(entry.Key, existing => existing is { TakenAt: { } held } && entry.TakenAt is { } taken && taken < held ? existing : entry);
    }

    /// <summary>
    /// The current view at once, then the newest view after each change, at most once per <see cref="BatchWindow"/>.
    /// Each subscriber reads at its own pace: a slow reader never holds up a source or another reader, and it never
    /// misses the latest state, it only skips intermediate ones.
    /// </summary>
    public async IAsyncEnumerable<StoreView> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _subscribers);
        try
        {
            var view = Current;
            while (true)
            {
                yield return view;
                await Task.Delay(BatchWindow, _time, cancellationToken);
                view = await NextAsync(view.Version, cancellationToken);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _subscribers);
        }
    }

    /// <summary>The first view newer than <paramref name="afterVersion"/>: at once if there is one, else at the next change.</summary>
    public async Task<StoreView> NextAsync(long afterVersion, CancellationToken cancellationToken)
    {
        while (true)
        {
            var pulse = Volatile.Read(ref _changed);
            var view = Current;
            if (view.Version > afterVersion)
            {
                return view;
            }

            await pulse.Task.WaitAsync(cancellationToken);
        }
    }

    private void Update(PanelKey key, Func<TileEntry?, TileEntry> change)
    {
        lock (_writeLock)
        {
            var view = _current;
            var entry = change(view.Tiles.GetValueOrDefault(key));
            Volatile.Write(ref _current, new StoreView(view.Tiles.SetItem(key, entry), view.Version + 1));
        }

        // Wake every waiting reader once; each then takes the newest view for itself.
        Interlocked.Exchange(ref _changed, NewPulse()).TrySetResult();
    }

    private static TaskCompletionSource NewPulse() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
