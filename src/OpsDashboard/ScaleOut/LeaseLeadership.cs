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
        await base.StopAsync(cancellationToken);
        Stopped();
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election on Lease {Namespace}/{Lease} failed: {Reason}")]
    private static partial void LogElectionFailed(ILogger logger, Exception exception, string @namespace, string lease, string reason);
}
