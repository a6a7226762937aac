namespace OpsDashboard.History;

/// <summary>Whether history is being recorded; pages show a banner while it is not. Written by the recorder only.</summary>
public sealed class HistoryHealth
{
    private volatile HistoryProblem? _problem;

    public HistoryProblem? Problem => _problem;

    public long SamplesWritten => Interlocked.Read(ref _samplesWritten);

    /// <summary>Timeline rows written (a row written again as it grows counts each time).</summary>
    public long EventsWritten => Interlocked.Read(ref _eventsWritten);

    /// <summary>Timeline rows dropped because the database was unavailable for longer than the pending limit allows.</summary>
    public long EventsDropped => Interlocked.Read(ref _eventsDropped);

    private long _samplesWritten;
    private long _eventsWritten;
    private long _eventsDropped;

    internal void EventsRecorded(int written, int dropped)
    {
        Interlocked.Add(ref _eventsWritten, written);
        Interlocked.Add(ref _eventsDropped, dropped);
    }

    internal void Failed(string message, DateTimeOffset at) => _problem = new HistoryProblem(message, _problem?.Since ?? at);

    internal void Succeeded(int samples)
    {
        _problem = null;
        Interlocked.Add(ref _samplesWritten, samples);
    }
}

public sealed record HistoryProblem(string Message, DateTimeOffset Since);
