using System.Net;
using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using OpsDashboard.Telemetry;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// The informer KubernetesClient does not have, written once for every resource: list (paginated) → watch from the
/// list's resourceVersion → on a clean end, watch again from the last version seen; on 410 Gone, list again; on a cut,
/// hung or garbled watch, reconnect with capped exponential backoff and jitter, resuming where it left off.
/// </summary>
public sealed partial class Reflector<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceApi<T> _api;
    private readonly IReflectorSink<T> _sink;
    private readonly ReflectorOptions _options;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly ILogger _logger;
    private readonly string _cluster;
    private string? _resourceVersion;

    public Reflector(string cluster, ResourceApi<T> api, IReflectorSink<T> sink, ReflectorOptions options, TimeProvider time, Random random, ILogger logger)
    {
        _cluster = cluster;
        _api = api;
        _sink = sink;
        _options = options;
        _time = time;
        _random = random;
        _logger = logger;
    }

    public ReflectorStats Stats { get; } = new();

    /// <summary>The last resourceVersion seen (list, event or bookmark): where the next watch resumes.</summary>
    public string? ResourceVersion => Volatile.Read(ref _resourceVersion);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff, _random);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (ResourceVersion is null)
                {
                    await ListAsync(cancellationToken);
                    backoff.Reset();
                }

                var end = await WatchAsync(cancellationToken);
                switch (end)
                {
                    case WatchEnd.Gone:
                        Stats.GoneSeen();
                        LogGone(_logger, _cluster, _api.Resource);
                        Volatile.Write(ref _resourceVersion, null);
                        continue;
                    case WatchEnd.Closed:
                        backoff.Reset();
                        continue;
                }

                // Hung or garbled: reopen from the last good version, after a short pause so a broken server is not hammered.
                await Task.Delay(backoff.Next(), _time, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException ex) when (ex.Response?.StatusCode == HttpStatusCode.Gone)
            {
                // A continue token or resourceVersion too old for the server: start again from a fresh list.
                Stats.GoneSeen();
                Volatile.Write(ref _resourceVersion, null);
            }
            catch (Exception ex)
            {
                Stats.Failure();
                var delay = backoff.Next();
                var message = Describe(ex, _api.Resource);
                LogFailed(_logger, _cluster, _api.Resource, message, delay);
                _sink.Failed(message, _time.GetUtcNow());
                await Task.Delay(delay, _time, cancellationToken);
            }
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

    private async Task<WatchEnd> WatchAsync(CancellationToken cancellationToken)
    {
        Stats.Watch();
        var timeout = _options.MinWatchTimeout * (1 + _random.NextDouble());
        using var idle = new CancellationTokenSource(_options.IdleTimeout, _time);
        using var stop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token, stop.Token);
        Exception? streamError = null;
        void OnError(Exception e)
        {
            streamError ??= e;
            stop.Cancel();
        }

        try
        {
            await foreach (var (type, item) in _api.WatchAsync(ResourceVersion!, (int)timeout.TotalSeconds, OnError, linked.Token))
            {
                idle.CancelAfter(_options.IdleTimeout);
                Stats.Event();
                if (type != WatchEventType.Bookmark)
                {
                    _sink.Apply(type, item);
                }

                if (item.Metadata?.ResourceVersion is { Length: > 0 } rv)
                {
                    Volatile.Write(ref _resourceVersion, rv);
                }

                _sink.Confirmed(_time.GetUtcNow());
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own stop (a bad line or an ERROR event) or the idle timer: decided below.
        }

        if (streamError is KubernetesException { Status.Code: 410 })
        {
            return WatchEnd.Gone;
        }

        if (streamError is not null)
        {
            Stats.MalformedSeen();
            LogBadStream(_logger, _cluster, _api.Resource, streamError.Message);
            return WatchEnd.Broken;
        }

        if (idle.IsCancellationRequested)
        {
            Stats.Hung();
            LogHung(_logger, _cluster, _api.Resource, _options.IdleTimeout);
            return WatchEnd.Broken;
        }

        return WatchEnd.Closed;
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

    private enum WatchEnd
    {
        Closed,
        Gone,
        Broken,
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: resourceVersion too old (410 Gone); relisting")]
    private static partial void LogGone(ILogger logger, string cluster, string resource);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: {Message}; retrying in {Delay}")]
    private static partial void LogFailed(ILogger logger, string cluster, string resource, string message, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: bad watch stream ({Message}); resuming from the last version seen")]
    private static partial void LogBadStream(ILogger logger, string cluster, string resource, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Cluster} {Resource}: watch silent for {Idle}; reopening")]
    private static partial void LogHung(ILogger logger, string cluster, string resource, TimeSpan idle);
}
