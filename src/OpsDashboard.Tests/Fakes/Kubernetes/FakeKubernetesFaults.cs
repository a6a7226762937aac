namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>Failures a test switches on and off; each takes effect at once and is safe from any thread.</summary>
public sealed class FakeKubernetesFaults
{
    private readonly FakeCluster _cluster;
    private readonly Lock _gate = new();
    private TaskCompletionSource _unhung = Completed();
    private int? _listFailure;
    private int _garbleLists;
    private long _listDelayTicks;

    internal FakeKubernetesFaults(FakeCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>Open watches stop sending anything, bookmarks and their clean end included, but stay open; new ones too.</summary>
    public bool HangWatches
    {
        get => !Volatile.Read(ref _unhung).Task.IsCompleted;
        set
        {
            lock (_gate)
            {
                if (value && !HangWatches)
                {
                    _unhung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                else if (!value)
                {
                    _unhung.TrySetResult();
                }
            }
        }
    }

    /// <summary>How long each list waits before it answers, as a slow or overloaded API server does.</summary>
    public TimeSpan ListDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _listDelayTicks));
        set => Interlocked.Exchange(ref _listDelayTicks, value.Ticks);
    }

    /// <summary>The status code lists answer with instead of items, or null when they work.</summary>
    public int? ListFailure
    {
        get
        {
            lock (_gate)
            {
                return _listFailure;
            }
        }
    }

    /// <summary>
    /// Lists answer 200 with a body that starts as a list and breaks off into bytes that are not JSON, as a proxy or a
    /// truncating load balancer in front of the API server can; until set back to false.
    /// </summary>
    public bool GarbleLists
    {
        get => Volatile.Read(ref _garbleLists) != 0;
        set => Volatile.Write(ref _garbleLists, value ? 1 : 0);
    }

    /// <summary>Every resourceVersion so far becomes too old: watches from them and continue tokens get 410 Gone, and open
    /// watches receive an ERROR event with a 410 Status, then end.</summary>
    public void ExpireHistory() => _cluster.ExpireHistory();

    /// <summary>Resets every open watch connection mid-stream, without a clean end.</summary>
    public void CutWatches() => _cluster.ForEachWatch(w => w.Cut());

    /// <summary>The next line each open watch sends is not valid JSON.</summary>
    public void InjectMalformedLine() => _cluster.ForEachWatch(w => w.Send(new WatchMessage.Malformed()));

    /// <summary>Lists answer <paramref name="statusCode"/> with a Status body until <see cref="StopFailingLists"/>.</summary>
    public void FailListsWith(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        lock (_gate)
        {
            _listFailure = statusCode;
        }
    }

    public void StopFailingLists()
    {
        lock (_gate)
        {
            _listFailure = null;
        }
    }

    /// <summary>Completes at once unless watches hang; then when they stop hanging.</summary>
    internal Task WhileHangingAsync(CancellationToken cancellationToken) => Volatile.Read(ref _unhung).Task.WaitAsync(cancellationToken);

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }
}
