namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>Failures a test switches on and off; each takes effect at once and is safe from any thread.</summary>
public sealed class FakeKubernetesFaults
{
    private readonly FakeCluster _cluster;
    private readonly Lock _gate = new();
    private readonly Hold _hung = new();
    private readonly Hold _silent = new();
    private long _silences;
    private int? _listFailure;
    private int _garbleLists;
    private int _expireEveryWatch;
    private long _listDelayTicks;

    internal FakeKubernetesFaults(FakeCluster cluster)
    {
        _cluster = cluster;
    }

    /// <summary>Open watches stop sending anything, bookmarks and their clean end included, but stay open; new ones too.</summary>
    public bool HangWatches
    {
        get => _hung.On;
        set => _hung.Set(value);
    }

    /// <summary>
    /// Takes connections and never answers, as a hung control plane or a black-holed load balancer: requests that arrive
    /// while it is set get no response headers (not even /readyz) until it is set back to false; watches open when it was
    /// set send nothing more, ever, as flows through a black hole stay dead. Connections are never refused.
    /// </summary>
    public bool Silent
    {
        get => _silent.On;
        set
        {
            if (_silent.Set(value))
            {
                Interlocked.Increment(ref _silences);
            }
        }
    }

    /// <summary>
    /// Every watch, even one from the resourceVersion of a list just made, gets one ERROR event with a 410 Status and
    /// ends: the API server keeps answering 410 after every relist, until set back to false.
    /// </summary>
    public bool ExpireEveryWatch
    {
        get => Volatile.Read(ref _expireEveryWatch) != 0;
        set => Volatile.Write(ref _expireEveryWatch, value ? 1 : 0);
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

    /// <summary>Ends every open watch cleanly, as the API server does at a watch's timeout or on a graceful restart.</summary>
    public void EndWatches() => _cluster.ForEachWatch(w => w.End());

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

    /// <summary>How many times <see cref="Silent"/> was set; a watch opened before the latest one is dead.</summary>
    internal long Silences => Interlocked.Read(ref _silences);

    /// <summary>Completes at once unless the server is silent; then when it answers again.</summary>
    internal Task WhileSilentAsync(CancellationToken cancellationToken) => _silent.WhileOnAsync(cancellationToken);

    /// <summary>Completes at once unless watches hang; then when they stop hanging.</summary>
    internal Task WhileHangingAsync(CancellationToken cancellationToken) => _hung.WhileOnAsync(cancellationToken);

    /// <summary>A fault that holds what meets it until it is switched off.</summary>
    private sealed class Hold
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource _released = Released();

        public bool On => !Volatile.Read(ref _released).Task.IsCompleted;

        /// <summary>Switches it; true when that turned it on.</summary>
        public bool Set(bool on)
        {
            lock (_gate)
            {
                if (!on)
                {
                    _released.TrySetResult();
                    return false;
                }

                if (On)
                {
                    return false;
                }

                _released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return true;
            }
        }

        public Task WhileOnAsync(CancellationToken cancellationToken) => Volatile.Read(ref _released).Task.WaitAsync(cancellationToken);

        private static TaskCompletionSource Released()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
