namespace OpsDashboard.Timeline;

/// <summary>Tells open timeline views that new rows were written, so a live range re-reads without polling.</summary>
public sealed class TimelineFeed
{
    private TaskCompletionSource _pulse = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _version;

    /// <summary>Grows by one with every batch of rows written.</summary>
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
