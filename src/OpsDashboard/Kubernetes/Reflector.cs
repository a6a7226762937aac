using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpsDashboard.Telemetry;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// The informer KubernetesClient does not have, written once for every resource, at client-go's reflector's parity:
/// list (paginated) → watch from the list's resourceVersion. A watch that ends after a working stream (a clean end, a
/// cut connection) is reopened at once from the last version seen. Everything else waits out a capped exponential
/// backoff with jitter first: a failed list or watch, a 410 Gone (then a fresh list; an API server answering 410 after
/// every relist gets a few lists, not a storm), a garbled or silent watch. The backoff starts over once a watch
/// streams again, once the API server answers after being unreachable, and after two minutes without a pause.
/// </summary>
public sealed partial class Reflector<T> : IResourceReflector
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceApi<T> _api;
    private readonly IReflectorSink<T> _sink;
    private readonly ApiServerContact _contact;
    private readonly ReflectorOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly string _cluster;
    private string? _resourceVersion;

    public Reflector(string cluster, ResourceApi<T> api, IReflectorSink<T> sink, ApiServerContact contact, ReflectorOptions options, TimeProvider time, Random random, ILogger logger)
    {
        _cluster = cluster;
        _api = api;
        _sink = sink;
        _contact = contact;
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
    }

    public ReflectorStats Stats { get; } = new();

    public string Resource => _api.Resource;

    /// <summary>The last resourceVersion seen (list, event or bookmark): where the next watch resumes.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff, _random, _time, _options.BackoffResetAfter);
        while (!cancellationToken.IsCancellationRequested)
        {
            var recoveries = _contact.Recoveries;
            Retry retry;
            string? failure = null;
            try
            {
                if (ResourceVersion is null)
                {
                    await ListAsync(cancellationToken);
                }

                retry = await WatchAsync(backoff, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (ReconnectException)
            {
                retry = Retry.Reconnect;
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
            {
                // A continue token or a watch's resourceVersion too old for the server: a fresh list, after a pause.
                Gone();
                retry = Retry.Later;
            }
            catch (Exception ex)
            {
                Stats.Failure();
                failure = Describe(ex, _api.Resource);
                _sink.Failed(failure, _time.GetUtcNow());
                retry = Retry.Later;
            }

            try
            {
                await PauseAsync(retry, backoff, recoveries, failure, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PauseAsync(Retry retry, Backoff backoff, long recoveries, string? failure, CancellationToken cancellationToken)
    {
        if (_contact.Recoveries != recoveries)
        {
            // The API server answered again while this attempt ran: whatever outage grew the backoff is over.
            backoff.Reset();
        }

        if (retry == Retry.Now || (retry == Retry.Reconnect && !_contact.Unreachable))
        {
            return;
        }

        var delay = backoff.Next();
        if (failure is not null)
        {
            LogFailed(_logger, _cluster, _api.Resource, failure, delay);
        }

        // Counted once its timer exists, so a test that moves the fake clock on seeing it cannot miss it.
        var seen = _contact.Recoveries;
        var waiting = _contact.WaitToRetryAsync(delay, seen, cancellationToken);
        Stats.Retrying(delay);
        await waiting;
        if (_contact.Recoveries != seen)
        {
            // Cut short: the API server answers again, so the outage that grew the backoff is over.
            backoff.Reset();
        }
    }

    private async Task ListAsync(CancellationToken cancellationToken)
    {
        Stats.List();
        string? token = null;
        string listVersion;
        _sink.BeginList();
        do
        {
            var continueToken = token;
            using var timeout = new CancellationTokenSource(_options.ListTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            ResourcePage<T> page;
            try
            {
                page = await UpstreamMetrics.TimeAsync(UpstreamMetrics.Kubernetes, () => _api.ListAsync(_options.PageSize, continueToken, linked.Token));
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"the API server did not answer the {_api.Resource} list within {Durations.Format(_options.ListTimeout)}");
            }
            catch (NoResponseException e)
            {
                throw new TimeoutException(Unanswered("list", e.Timeout));
            }

            Stats.Page();
            _sink.AddPage(page.Items);
            token = page.Continue;
            listVersion = page.ResourceVersion;
        }
        while (token is not null);

        _sink.EndList();
        Volatile.Write(ref _resourceVersion, listVersion);
        _sink.Confirmed(_time.GetUtcNow());
    }

    private void Gone()
    {
        Stats.GoneSeen();
        LogGone(_logger, _cluster, _api.Resource);
        Volatile.Write(ref _resourceVersion, null);
    }

    /// <summary>A request without headers in time: the whole server's silence when nothing else came either, else this request's.</summary>
    private string Unanswered(string request, TimeSpan timeout)
    {
        var now = _time.GetUtcNow();
        return _contact.SilentFor(now) >= timeout
            ? _contact.Silence(now)
            : $"the API server did not answer the {_api.Resource} {request} within {Durations.Format(timeout)}";
    }

    private static string Describe(Exception ex, string resource) => ex switch
    {
        // Lists only: a bad watch line goes to the watch's error callback. The reader's own words name where it broke.
        JsonException json => $"the API server answered the {resource} list with something that is not Kubernetes JSON "
            + $"({json.Message.Split(" Path:")[0].TrimEnd('.')} at {json.Path ?? "$"}); is a proxy in front of it answering instead?",
        HttpOperationException { Response.StatusCode: HttpStatusCode.Unauthorized } => "unauthorized: the credentials in the kubeconfig were refused (401)",
        HttpOperationException { Response.StatusCode: HttpStatusCode.Forbidden } h => $"forbidden: the service account may not list this resource (403): {h.Response.Content}",
        HttpOperationException h => $"API error {(int)h.Response.StatusCode}: {h.Message}",
        HttpRequestException or IOException or TimeoutException => $"unreachable: {ex.Message}",
        _ => ex.Message,
    };

    /// <summary>What to do after an attempt: reopen at once, pause for the backoff, or reconnect (at once unless the server is unreachable).</summary>
    private enum Retry
    {
        Now,
        Later,
        Reconnect,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: resourceVersion too old (410 Gone); relisting")]
    private static partial void LogGone(ILogger logger, string cluster, string resource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: {Message}; retrying in {Delay}")]
    private static partial void LogFailed(ILogger logger, string cluster, string resource, string message, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: bad watch stream ({Message}); resuming from the last version seen")]
    private static partial void LogBadStream(ILogger logger, string cluster, string resource, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: watch silent for {Idle}; reopening")]
    private static partial void LogHung(ILogger logger, string cluster, string resource, TimeSpan idle);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Cluster} {Resource}: watch cut after {Events} events; reopening at once from the last version seen")]
    private static partial void LogCut(ILogger logger, string cluster, string resource, int events);
}
