using System.Collections.Concurrent;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>What the fake has served, with waits that tests await instead of sleeping.</summary>
public sealed class FakeKubernetesStats
{
    private const int RequestsKept = 500;
    private readonly ConcurrentQueue<string> _requests = new();
    private long _listsServed;
    private long _watchesOpened;
    private long _goneSent;
    private long _bytesWritten;
    private long _openWatches;
    private long _heldWatches;
    private long _heldLists;
    private long _conflicts;
    private long _requestCount;
    private long _probesServed;
    private long _silencedRequests;
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>List responses sent, one per page.</summary>
    public long ListsServed => Interlocked.Read(ref _listsServed);

    public long WatchesOpened => Interlocked.Read(ref _watchesOpened);

    /// <summary>410 Gone answers: expired continue tokens and watch ERROR events.</summary>
    public long GoneSent => Interlocked.Read(ref _goneSent);

    /// <summary>Response body bytes written by lists and watches.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public long OpenWatches => Interlocked.Read(ref _openWatches);

    /// <summary>Open watches that have something to send but are held back by <see cref="FakeKubernetesFaults.HangWatches"/>.</summary>
    public long HeldWatches => Interlocked.Read(ref _heldWatches);

    /// <summary>Lists waiting out <see cref="FakeKubernetesFaults.ListDelay"/>; counted once the delay's timer exists.</summary>
    public long HeldLists => Interlocked.Read(ref _heldLists);

    /// <summary>Answers to /readyz, /livez and /healthz.</summary>
    public long ProbesServed => Interlocked.Read(ref _probesServed);

    /// <summary>Requests held without an answer by <see cref="FakeKubernetesFaults.Silent"/>, now.</summary>
    public long SilencedRequests => Interlocked.Read(ref _silencedRequests);

    /// <summary>Every request received, of any kind (<see cref="Requests"/> keeps only the latest).</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>Replaces refused for a stale resourceVersion (409 Conflict).</summary>
    public long Conflicts => Interlocked.Read(ref _conflicts);

    /// <summary>The latest requests, oldest first, as <c>GET /api/v1/pods?limit=500 [Accept: ...]</c>.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public Task WaitForOpenWatchesAsync(int count, CancellationToken cancellationToken) =>
        WaitForAsync(() => OpenWatches >= count, cancellationToken);

    public Task WaitForHeldWatchesAsync(int count, CancellationToken cancellationToken) =>
        WaitForAsync(() => HeldWatches >= count, cancellationToken);

    public Task WaitForWatchesOpenedAsync(long count, CancellationToken cancellationToken) =>
        WaitForAsync(() => WatchesOpened >= count, cancellationToken);

    public Task WaitForListsServedAsync(long count, CancellationToken cancellationToken) =>
        WaitForAsync(() => ListsServed >= count, cancellationToken);

    /// <summary>Completes once <paramref name="condition"/> over these figures holds; re-checked on every change.</summary>
    public async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _changed);
            if (condition())
            {
                return;
            }

            await changed.Task.WaitAsync(cancellationToken);
        }
    }

    internal void ListServed() => Bump(ref _listsServed, 1);

    internal void ProbeServed() => Bump(ref _probesServed, 1);

    internal void Silenced(bool held) => Bump(ref _silencedRequests, held ? 1 : -1);

    internal void Conflict() => Bump(ref _conflicts, 1);

    internal void GoneSentOnce() => Bump(ref _goneSent, 1);

    internal void Wrote(long bytes) => Interlocked.Add(ref _bytesWritten, bytes);

    internal void WatchOpened()
    {
        Interlocked.Increment(ref _watchesOpened);
        Bump(ref _openWatches, 1);
    }

    internal void WatchClosed() => Bump(ref _openWatches, -1);

    internal void WatchHeld(bool held) => Bump(ref _heldWatches, held ? 1 : -1);

    internal void ListHeld(bool held) => Bump(ref _heldLists, held ? 1 : -1);

    internal void Request(string line)
    {
        Interlocked.Increment(ref _requestCount);
        _requests.Enqueue(line);
        while (_requests.Count > RequestsKept && _requests.TryDequeue(out _))
        {
        }

        Signal();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Bump(ref long counter, long delta)
    {
        Interlocked.Add(ref counter, delta);
        Signal();
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();
}
