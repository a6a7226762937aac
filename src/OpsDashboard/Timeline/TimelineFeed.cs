namespace OpsDashboard.Timeline;

/// <summary>A pulse that tells open pages that something new was written, so a live view re-reads without polling.</summary>
public abstract class HistoryPulse
{
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>Grows by one with every batch written.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Written()
    {
        Interlocked.Increment(ref _version);
        Interlocked.Exchange(ref _pulse, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes at once if <see cref="Version"/> is past <paramref name="afterVersion"/>, else at the next batch.</summary>
    public Task WaitAsync(long afterVersion, CancellationToken cancellationToken)
    {
        var pulse = Volatile.Read(ref _pulse);
        return Version > afterVersion ? Task.CompletedTask : pulse.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>Timeline rows were written (here, or by the leader when scaled out).</summary>
public sealed class TimelineFeed : HistoryPulse;

/// <summary>Headline figure samples were written (here, or by the leader when scaled out).</summary>
public sealed class SampleFeed : HistoryPulse;
