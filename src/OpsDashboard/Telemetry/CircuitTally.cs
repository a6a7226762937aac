namespace OpsDashboard.Telemetry;

/// <summary>
/// How many Blazor circuits the server holds right now, and how many of them have a live connection. A circuit whose
/// browser went away stays open (and in memory) for the retention period, waiting for a reconnect.
/// </summary>
public sealed class CircuitTally
{
    private int _open;
    private int _connected;

    public int Open => Volatile.Read(ref _open);

    public int Connected => Volatile.Read(ref _connected);

    public void Opened() => Interlocked.Increment(ref _open);

    public void Closed() => Interlocked.Decrement(ref _open);

    public void ConnectionUp() => Interlocked.Increment(ref _connected);

    public void ConnectionDown() => Interlocked.Decrement(ref _connected);
}
