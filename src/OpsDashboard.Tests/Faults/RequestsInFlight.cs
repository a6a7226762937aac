namespace OpsDashboard.Tests.Faults;

/// <summary>
/// Counts the requests of the dashboard's clients still waiting for their response headers. A fault test moves its fake
/// clock only while every such request is one a fake holds on purpose: a request the loaded machine has not yet carried
/// to its fake, or whose answer it has not yet read, must not time out on fake time that no real wait stood behind.
/// </summary>
public sealed class RequestsInFlight
{
    private long _waiting;

    public long Waiting => Interlocked.Read(ref _waiting);

    /// <summary>A handler for one client's pipeline (a handler belongs to one pipeline), counting into this.</summary>
    public DelegatingHandler Handler() => new Counting(this);

    private sealed class Counting(RequestsInFlight counter) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref counter._waiting);
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref counter._waiting);
            }
        }
    }
}
