using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// A KubernetesClient pod watch as the dashboard's collectors open it (<c>ListPodForAllNamespacesWithHttpMessagesAsync</c>
/// with <c>watch: true</c>, then <c>WatchAsync</c>), with what it reports through onError kept for the test to await.
/// </summary>
internal sealed class PodWatch : IAsyncDisposable
{
    private readonly Channel<Exception> _errors = Channel.CreateUnbounded<Exception>();
    private readonly Channel<(WatchEventType Type, V1Pod Pod)> _events = Channel.CreateUnbounded<(WatchEventType, V1Pod)>();
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _stop;
    private readonly Task _reading;

    /// <summary>
    /// Opens the watch with <c>WatchListPodForAllNamespacesAsync</c>, or with <paramref name="throughResponse"/> the older
    /// way: <c>ListPodForAllNamespacesWithHttpMessagesAsync(watch: true)</c>, then <c>WatchAsync</c> on the response.
    /// </summary>
    public PodWatch(IKubernetes client, string? resourceVersion, CancellationToken cancellationToken, int timeoutSeconds = 300, string? labelSelector = null, bool throughResponse = false)
    {
        _cancellationToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancellationToken = _stop.Token;
        var events = throughResponse
            ? WatchThroughResponse(client, resourceVersion, timeoutSeconds, labelSelector, cancellationToken)
            : client.CoreV1.WatchListPodForAllNamespacesAsync(
                allowWatchBookmarks: true, labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: timeoutSeconds,
                onError: e => _errors.Writer.TryWrite(e), cancellationToken: cancellationToken);
        _reading = ReadAsync(events);
    }

    /// <summary>The next event; fails the test if the watch ends first, and rethrows what ended it.</summary>
    public async Task<(WatchEventType Type, V1Pod Pod)> NextAsync()
    {
        if (await _events.Reader.WaitToReadAsync(_cancellationToken))
        {
            return await _events.Reader.ReadAsync(_cancellationToken);
        }

        await _events.Reader.Completion;
        throw new Xunit.Sdk.XunitException("The watch ended before the expected event.");
    }

    /// <summary>The next event that is not a bookmark.</summary>
    public async Task<(WatchEventType Type, V1Pod Pod)> NextChangeAsync()
    {
        while (true)
        {
            var next = await NextAsync();
            if (next.Type != WatchEventType.Bookmark)
            {
                return next;
            }
        }
    }

    /// <summary>Reads to a clean end of the stream and returns the events on the way.</summary>
    public async Task<List<(WatchEventType Type, V1Pod Pod)>> RestUntilEndAsync()
    {
        var rest = new List<(WatchEventType, V1Pod)>();
        while (await _events.Reader.WaitToReadAsync(_cancellationToken))
        {
            while (_events.Reader.TryRead(out var e))
            {
                rest.Add(e);
            }
        }

        await _events.Reader.Completion;
        return rest;
    }

    public ValueTask<Exception> NextErrorAsync() => _errors.Reader.ReadAsync(_cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
    }

    // KubernetesClient reports onError only while someone reads the stream, so it is read from the start.
    private async Task ReadAsync(IAsyncEnumerable<(WatchEventType, V1Pod)> events)
    {
        try
        {
            await foreach (var e in events)
            {
                _events.Writer.TryWrite(e);
            }

            _events.Writer.TryComplete();
        }
        catch (Exception e)
        {
            // The test awaits what ended the stream through NextAsync.
            _events.Writer.TryComplete(e);
        }
    }

#pragma warning disable CS0618 // Obsolete in KubernetesClient 21, but the way the brief and older collectors open a watch: keep it covered.
    private IAsyncEnumerable<(WatchEventType, V1Pod)> WatchThroughResponse(IKubernetes client, string? resourceVersion, int timeoutSeconds, string? labelSelector, CancellationToken cancellationToken) =>
        client.CoreV1
            .ListPodForAllNamespacesWithHttpMessagesAsync(
                watch: true, resourceVersion: resourceVersion, allowWatchBookmarks: true, timeoutSeconds: timeoutSeconds,
                labelSelector: labelSelector, cancellationToken: cancellationToken)
            .WatchAsync<V1Pod, V1PodList>(e => _errors.Writer.TryWrite(e), cancellationToken);
#pragma warning restore CS0618
}
