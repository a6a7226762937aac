namespace OpsDashboard.Kubernetes;

/// <summary>
/// When one cluster's API server last answered anything (response headers, a watch event, a bookmark), and whether it
/// answers at all. A cluster that has been quiet for a while is asked its <c>/readyz</c>: any answer, even a 401, tells
/// a quiet cluster from a silent server; no headers within the probe timeout mark the cluster "unreachable: no answer
/// for N s" and end its open watches, which a hung server or a black-holed load balancer has left dead. The first
/// answer after that ends the outage: requests still waiting for headers are sent again, and reflectors waiting out
/// their backoff retry at once with the backoff started over.
/// </summary>
public sealed partial class ApiServerContact : IDisposable
{
    private readonly ClusterState _state;
    private readonly ReflectorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _lastAnswerTicks;
    private long _probes;
    private long _silences;
    private long _recoveries;
    private int _unreachable;
    private int _silent;
    private CancellationTokenSource _epoch = new();
    private TaskCompletionSource _answeredAgain = NewSignal();

    public ApiServerContact(ClusterState state, ReflectorOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(options);
        _state = state;
        _options = options;
        _time = time;
        _logger = logger;
        _lastAnswerTicks = time.GetUtcNow().UtcTicks;
    }

    /// <summary>The last time anything came from the API server (start-up counts, so a server dead from the start is timed from then).</summary>
    public DateTimeOffset LastAnswer => new(Interlocked.Read(ref _lastAnswerTicks), TimeSpan.Zero);

    /// <summary>/readyz probes sent.</summary>
    public long Probes => Interlocked.Read(ref _probes);

    /// <summary>How often the API server was found silent (a probe without an answer).</summary>
    public long Silences => Interlocked.Read(ref _silences);

    /// <summary>How often it answered again after being unreachable; reflectors compare it to tell whether to start over.</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);

    /// <summary>True from a failed probe (no answer, refused) until the API server's next answer.</summary>
    public bool Unreachable => Volatile.Read(ref _unreachable) != 0;

    /// <summary>
    /// Cancelled when the server is found silent and when it answers again: open watches end with it (they are dead),
    /// and so do requests still waiting for headers (they are sent again).
    /// </summary>
    public CancellationToken Epoch => Volatile.Read(ref _epoch).Token;

    /// <summary>How long nothing has come from the API server.</summary>
    public TimeSpan SilentFor(DateTimeOffset now) => now - LastAnswer;

    /// <summary>"no answer for 17 s": what a silent API server's tiles say after "unreachable: ".</summary>
    public string Silence(DateTimeOffset now) => $"no answer for {Durations.Format(SilentFor(now))}";

    /// <summary>Something came from the API server: a response's headers, a watch event or a bookmark.</summary>
    public void Answered()
    {
        Interlocked.Exchange(ref _lastAnswerTicks, _time.GetUtcNow().UtcTicks);
        if (Interlocked.CompareExchange(ref _unreachable, 0, 1) == 1)
        {
            AnsweredAgain();
        }
    }

    /// <summary>
    /// Waits out a retry delay, cut short when the API server answers again after being unreachable (or already has since
    /// the caller saw <paramref name="recoveriesSeen"/>).
    /// </summary>
    public async Task WaitToRetryAsync(TimeSpan delay, long recoveriesSeen, CancellationToken cancellationToken)
    {
        var answeredAgain = Volatile.Read(ref _answeredAgain).Task;
        if (Recoveries != recoveriesSeen)
        {
            return;
        }

        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delayed = Task.Delay(delay, _time, waiting.Token);
        await Task.WhenAny(delayed, answeredAgain);
        await waiting.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// Probes <c>/readyz</c> through <paramref name="ask"/> whenever nothing has been heard for <see cref="ReflectorOptions.ProbeAfter"/>,
    /// and while the server is unreachable, at least every <see cref="ReflectorOptions.ProbeInterval"/> and back to back
    /// while probes go unanswered. Ends when cancelled.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> ask, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ask);
        var wait = _options.ProbeInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, cancellationToken);
                }

                wait = _options.ProbeInterval;
                if (!Unreachable && SilentFor(_time.GetUtcNow()) < _options.ProbeAfter)
                {
                    continue;
                }

                var started = _time.GetUtcNow();
                await ProbeAsync(ask, cancellationToken);
                wait = _options.ProbeInterval - (_time.GetUtcNow() - started);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ProbeAsync(Func<CancellationToken, Task> ask, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _probes);
        try
        {
            await ask(cancellationToken);
        }
        catch (NoResponseException)
        {
            var now = _time.GetUtcNow();
            Volatile.Write(ref _unreachable, 1);
            if (Interlocked.Exchange(ref _silent, 1) == 0)
            {
                Interlocked.Increment(ref _silences);
                LogSilent(_logger, _state.Name, SilentFor(now));
                NewEpoch();
            }

            _state.Failed(ClusterState.ApiServer, $"unreachable: {Silence(now)}", now);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Refused, reset, anything else: the reflectors say so in the words of their own requests. The probe itself
            // must never stop: it is what notices the server answering again.
            Volatile.Write(ref _unreachable, 1);
            LogProbeFailed(_logger, _state.Name, ex.Message);
        }
    }

    private void AnsweredAgain()
    {
        Interlocked.Increment(ref _recoveries);
        if (Interlocked.Exchange(ref _silent, 0) == 1)
        {
            NewEpoch();
        }

        _state.Reachable(ClusterState.ApiServer);
        Interlocked.Exchange(ref _answeredAgain, NewSignal()).TrySetResult();
        LogAnsweredAgain(_logger, _state.Name);
    }

    public void Dispose() => Volatile.Read(ref _epoch).Dispose();

    private void NewEpoch() => Interlocked.Exchange(ref _epoch, new CancellationTokenSource()).Cancel();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster}: the API server takes connections but sends no answer (nothing for {Silent}); reopening its watches")]
    private static partial void LogSilent(ILogger logger, string cluster, TimeSpan silent);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Cluster}: /readyz probe failed: {Message}")]
    private static partial void LogProbeFailed(ILogger logger, string cluster, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Cluster}: the API server answers again; retrying at once")]
    private static partial void LogAnsweredAgain(ILogger logger, string cluster);
}
