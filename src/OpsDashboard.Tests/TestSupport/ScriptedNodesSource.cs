using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>A polled nodes source whose every poll runs a script; counts how often the upstream was asked.</summary>
public sealed class ScriptedNodesSource(TimeProvider time, TimeSpan interval, Func<int, IReadOnlyList<TargetReading<ClusterNodes>>> poll)
    : PolledSource<ClusterNodes>(time, interval), INodesSource
{
    private int _polls;

    public override SourceInfo Info { get; } = new(NodesPanel.Kind, "scripted", IsDemo: false, StaleAfter: TimeSpan.FromSeconds(60));

    public int Polls => Volatile.Read(ref _polls);

    /// <summary>Completes when the source has been polled at least <paramref name="count"/> times.</summary>
    public async Task WaitForPollsAsync(int count, CancellationToken cancellationToken)
    {
        while (Polls < count)
        {
            await _polled.WaitAsync(cancellationToken);
        }
    }

    private readonly SemaphoreSlim _polled = new(0);

    protected override Task<IReadOnlyList<TargetReading<ClusterNodes>>> PollAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _polls);
        try
        {
            return Task.FromResult(poll(n));
        }
        finally
        {
            _polled.Release();
        }
    }
}
