using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Options;

namespace OpsDashboard.ScaleOut;

/// <summary>
/// Elects one leader among the replicas with KubernetesClient's <see cref="LeaderElector"/> on a coordination.k8s.io
/// Lease. The leader renews every RetryPeriod; if it cannot within RenewDeadline it stops leading (its polling is
/// cancelled) before LeaseDuration runs out, after which another replica takes the Lease and starts polling.
/// The elector reads the wall clock itself; nothing else here does.
/// </summary>
public sealed partial class LeaseLeadership : BackgroundService, ILeadership
{
    private readonly Lock _gate = new();
    private readonly ScaleOutLeaseOptions _options;
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private TaskCompletionSource<CancellationToken> _leading = NewTerm();
    private CancellationTokenSource? _term;
    private volatile string? _leader;

    public LeaseLeadership(IOptions<ScaleOutOptions> options, TimeProvider time, ILogger<LeaseLeadership> logger)
        : this(options?.Value.Lease ?? throw new ArgumentNullException(nameof(options)), ClientFor(options.Value.Lease), time, logger)
    {
    }

    public LeaseLeadership(ScaleOutLeaseOptions options, IKubernetes client, TimeProvider time, ILogger<LeaseLeadership> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _client = client;
        _time = time;
        _logger = logger;
        Identity = options.Identity ?? Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName;
        Namespace = options.Namespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? InClusterNamespace() ?? "default";
    }

    public string Identity { get; }

    public string Namespace { get; }

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _term is { IsCancellationRequested: false };
            }
        }
    }

    public string? Leader => _leader;

    public Task<CancellationToken> WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _leading.Task.WaitAsync(cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = new LeaderElectionConfig(new LeaseLock(_client, Namespace, _options.Name, Identity))
        {
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
        };
        while (!stoppingToken.IsCancellationRequested)
        {
            using var elector = new LeaderElector(config);
            elector.OnStartedLeading += Started;
            elector.OnStoppedLeading += Stopped;
            elector.OnNewLeader += leader =>
            {
                _leader = leader;
                LogNewLeader(_logger, Identity, leader, Namespace, _options.Name);
            };
            try
            {
                await elector.RunUntilLeadershipLostAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The API server is unreachable or refused us: not leading, try again after a retry period.
                LogElectionFailed(_logger, ex, Namespace, _options.Name, ex.Message);
            }
            finally
            {
                Stopped();
            }

            await Task.Delay(_options.RetryPeriod, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var wasLeading = IsLeader;
        await base.StopAsync(cancellationToken);
        Stopped();
        if (wasLeading)
        {
            await ReleaseAsync(cancellationToken);
        }
    }

    /// <summary>
    /// On a clean shutdown (a rolling update, a scale-down) hands the Lease back, as client-go's ReleaseOnCancel does:
    /// an empty holder that the other replicas take at their next retry, instead of a whole lease of nobody polling.
    /// </summary>
    private async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.Name, Namespace, cancellationToken: cancellationToken);
            if (lease.Spec?.HolderIdentity != Identity)
            {
                return;
            }

            var now = _time.GetUtcNow().UtcDateTime;
            lease.Spec.HolderIdentity = "";
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = now;
            lease.Spec.AcquireTime = now;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.Name, Namespace, cancellationToken: cancellationToken);
            _leader = null;
            LogReleased(_logger, Identity, Namespace, _options.Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not released: the others take over once the lease runs out, as after a crash.
            LogReleaseFailed(_logger, ex, Namespace, _options.Name, ex.Message);
        }
    }

    private void Started()
    {
        lock (_gate)
        {
            if (_term is { IsCancellationRequested: false })
            {
                return;
            }

            _term?.Dispose();
            _term = new CancellationTokenSource();
            _leader = Identity;
            _leading.TrySetResult(_term.Token);
        }

        LogStartedLeading(_logger, Identity);
    }

    private void Stopped()
    {
        CancellationTokenSource? ended;
        lock (_gate)
        {
            ended = _term is { IsCancellationRequested: false } ? _term : null;
            if (ended is null)
            {
                return;
            }

            if (_leading.Task.IsCompleted)
            {
                _leading = NewTerm();
            }
        }

        ended.Cancel();
        LogStoppedLeading(_logger, Identity);
    }

    public override void Dispose()
    {
        _term?.Dispose();
        base.Dispose();
    }

    private static TaskCompletionSource<CancellationToken> NewTerm() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static k8s.Kubernetes ClientFor(ScaleOutLeaseOptions options)
    {
        var config = options.InCluster
            ? KubernetesClientConfiguration.InClusterConfig()
            : KubernetesClientConfiguration.BuildConfigFromConfigFile(ScaleOutOptionsValidator.LeaseKubeconfig(options), options.Context);
        // A renewal that hangs must not outlast the renew deadline.
        config.HttpClientTimeout = options.RenewDeadline;
        return new k8s.Kubernetes(config);
    }

    private static string? InClusterNamespace()
    {
        const string file = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";
        return File.Exists(file) ? File.ReadAllText(file).Trim() : null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Identity} leads: it polls the upstreams and writes history")]
    private static partial void LogStartedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Identity} stopped leading: its polling stops")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Identity} sees {Leader} holding Lease {Namespace}/{Lease}")]
    private static partial void LogNewLeader(ILogger logger, string identity, string leader, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Identity} handed Lease {Namespace}/{Lease} back on shutdown")]
    private static partial void LogReleased(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lease {Namespace}/{Lease} could not be handed back on shutdown ({Reason}); another replica takes over once it runs out")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string @namespace, string lease, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election on Lease {Namespace}/{Lease} failed: {Reason}")]
    private static partial void LogElectionFailed(ILogger logger, Exception exception, string @namespace, string lease, string reason);
}
