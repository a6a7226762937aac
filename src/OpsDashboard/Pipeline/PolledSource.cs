namespace OpsDashboard.Pipeline;

/// <summary>
/// Base for sources that ask their upstream on a schedule (CloudWatch, MySQL, health pages). One poll per interval
/// for the whole app, however many browsers are open.
/// </summary>
public abstract class PolledSource<TSnapshot> : IPanelSource<TSnapshot>
    where TSnapshot : PanelSnapshot
{
    protected PolledSource(TimeProvider time, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Time = time;
        Interval = interval;
    }

    public abstract SourceInfo Info { get; }

    public TimeSpan Interval { get; }

    protected TimeProvider Time { get; }

    public async Task RunAsync(IReadingSink<TSnapshot> sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            IReadOnlyList<TargetReading<TSnapshot>> readings;
            try
            {
                readings = await PollAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                sink.Crashed(ex);
                continue;
            }

            var takenAt = Time.GetUtcNow();
            foreach (var reading in readings)
            {
                if (reading.Snapshot is { } snapshot)
                {
                    sink.Publish(reading.Group, reading.Target, snapshot, takenAt);
                }
                else
                {
                    sink.Fail(reading.Group, reading.Target, reading.Error ?? "no data and no reason given");
                }
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>One round against the upstream. Per-target failures go in the readings; a throw fails every target.</summary>
    protected abstract Task<IReadOnlyList<TargetReading<TSnapshot>>> PollAsync(CancellationToken cancellationToken);
}
