namespace OpsDashboard.History;

/// <summary>Whether history is being recorded; pages show a banner while it is not. Written by the recorder only.</summary>
public sealed class HistoryHealth
{
    private volatile HistoryProblem? _problem;

    public HistoryProblem? Problem => _problem;

    public long SamplesWritten => Interlocked.Read(ref _samplesWritten);

    private long _samplesWritten;

    internal void Failed(string message, DateTimeOffset at) => _problem = new HistoryProblem(message, _problem?.Since ?? at);

    internal void Succeeded(int samples)
    {
        _problem = null;
        Interlocked.Add(ref _samplesWritten, samples);
    }
}

public sealed record HistoryProblem(string Message, DateTimeOffset Since);
