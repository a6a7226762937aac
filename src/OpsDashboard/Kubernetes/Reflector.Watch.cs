using k8s;

namespace OpsDashboard.Kubernetes;

public sealed partial class Reflector<T>
{
    // client-go's watchHandler: a watch that closes within a second having sent nothing is an error, not a routine end.
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    /// <summary>One watch from <see cref="ResourceVersion"/> until it ends, and what to do next.</summary>
    private async Task<Retry> WatchAsync(Backoff backoff, CancellationToken cancellationToken)
    {
        Stats.Watch();
        var timeout = _options.MinWatchTimeout * (1 + _random.NextDouble());
        var epoch = _contact.Epoch;
        using var idle = new CancellationTokenSource(_options.IdleTimeout, _time);
        using var stop = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idle.Token, stop.Token, epoch);
        Exception? streamError = null;
        void OnError(Exception e)
        {
            streamError ??= e;
            stop.Cancel();
        }

        var opened = _time.GetUtcNow();
        var events = 0;
        var accepted = false;
        var cut = false;
        ResponseHeadersTimeout.OnHeaders(() =>
        {
            accepted = true;
            _sink.Reachable(_time.GetUtcNow());
        });
        try
        {
            await foreach (var (type, item) in _api.WatchAsync(ResourceVersion!, (int)timeout.TotalSeconds, OnError, linked.Token))
            {
                var now = _time.GetUtcNow();
                events++;
                idle.CancelAfter(_options.IdleTimeout);
                Stats.Event(now);
                _contact.Answered();
                if (type != WatchEventType.Bookmark)
                {
                    _sink.Apply(type, item);
                }

                if (item.Metadata?.ResourceVersion is { Length: > 0 } rv)
                {
                    Volatile.Write(ref _resourceVersion, rv);
                }

                _sink.Confirmed(now);
            }
        }
        catch (IOException) when (!linked.IsCancellationRequested && (accepted || events > 0))
        {
            // The connection broke mid-stream: a load balancer's or a restarting API server's routine cut.
            cut = true;
        }
        catch (NoResponseException e)
        {
            throw new TimeoutException(Unanswered("watch", e.Timeout));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own stop (a bad line or an ERROR event), the idle timer, or the API server found silent: decided below.
        }

        if (events > 0)
        {
            // The server streamed for our resourceVersion: whatever failed before is over.
            backoff.Reset();
        }

        if (streamError is KubernetesException { Status.Code: 410 })
        {
            Gone();
            return Retry.Later;
        }

        if (streamError is not null)
        {
            Stats.MalformedSeen();
            LogBadStream(_logger, _cluster, _api.Resource, streamError.Message);
            return Retry.Later;
        }

        if (epoch.IsCancellationRequested)
        {
            // Found silent: an open watch is dead; answering again: one still waiting for headers is sent again.
            if (_contact.Unreachable)
            {
                Stats.Hung();
            }

            return Retry.Reconnect;
        }

        if (idle.IsCancellationRequested)
        {
            Stats.Hung();
            LogHung(_logger, _cluster, _api.Resource, _options.IdleTimeout);
            return Retry.Later;
        }

        if (cut)
        {
            LogCut(_logger, _cluster, _api.Resource, events);
            return events > 0 ? Retry.Now : Retry.Later;
        }

        return events > 0 || _time.GetUtcNow() - opened >= ShortWatch ? Retry.Now : Retry.Later;
    }
}
