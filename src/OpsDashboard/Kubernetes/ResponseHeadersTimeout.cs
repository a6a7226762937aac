namespace OpsDashboard.Kubernetes;

/// <summary>
/// In the Kubernetes client's pipeline: gives up on a request whose response headers have not come within the timeout
/// (watches need an infinite client timeout, so nothing else would) and tells the cluster's
/// <see cref="ApiServerContact"/> of every answer. Only the wait for headers is bounded; a watch's stream then runs as
/// long as it likes.
/// </summary>
public sealed class ResponseHeadersTimeout(ApiServerContact contact, TimeSpan timeout, TimeProvider time) : DelegatingHandler
{
    /// <summary>A request's own limit instead of the client's, e.g. the short one of a /readyz probe.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> Limit = new("OpsDashboard.ResponseHeadersTimeout");

    // KubernetesClient's watches yield nothing until the first line, which on a quiet resource comes with the first
    // bookmark, a minute on; a reflector learns from this that its watch was accepted as soon as the headers come.
    private static readonly AsyncLocal<Action?> HeadersCallback = new();

    /// <summary>
    /// Calls <paramref name="callback"/> when the response headers of a request made from the calling async flow come.
    /// Set it inside the async method that sends the request: the value ends with that method.
    /// </summary>
    public static void OnHeaders(Action callback) => HeadersCallback.Value = callback;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limit = request.Options.TryGetValue(Limit, out var own) ? own : timeout;
        var epoch = contact.Epoch;
        using var timer = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token, epoch);
        try
        {
            var response = await base.SendAsync(request, linked.Token);
            contact.Answered();
            HeadersCallback.Value?.Invoke();
            return response;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && timer.IsCancellationRequested)
        {
            throw new NoResponseException(limit);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && epoch.IsCancellationRequested)
        {
            throw new ReconnectException();
        }
    }
}

/// <summary>The API server sent no response headers within <see cref="Timeout"/>.</summary>
public sealed class NoResponseException(TimeSpan timeout)
    : TimeoutException($"the API server sent no answer within {Durations.Format(timeout)}")
{
    public TimeSpan Timeout { get; } = timeout;
}

/// <summary>A request still waiting for headers when the API server was found silent or answered again: send it again.</summary>
public sealed class ReconnectException() : Exception("the API server was found silent or answered again; the request is sent again");
