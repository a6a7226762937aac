using System.Globalization;
using k8s.Models;
using OpsDashboard.Tests.Fakes.Kubernetes;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// Changes pods in the fake at a steady rate, spread evenly over time: nine in ten changes flip a pod's container
/// between running and crash-looping, one in ten replaces the pod (a delete and an add, two writes). Every pod written
/// carries the wall-clock time of its change, so the client can tell how long it took to reach its state.
/// </summary>
public sealed class PodChurn(FakeKubernetesApiServer server, BenchmarkCluster cluster, int writesPerMinute, TimeProvider time)
{
    /// <summary>Unix time in milliseconds (with a fraction) at which the fake was told about this version of the pod.</summary>
    public const string ChangedAtAnnotation = "benchmarks.opsdashboard/changed-at";

    private readonly int[] _replacements = new int[cluster.PodCount];
    private readonly int[] _changes = new int[cluster.PodCount];
    private readonly Random _random = new(20261122);
    private long _writes;

    public long Writes => Interlocked.Read(ref _writes);

    public Task RunAsync(CancellationToken cancellationToken) => PacedWrites.RunAsync(writesPerMinute, () => Writes, ChangeOne, time, cancellationToken);

    private void ChangeOne()
    {
        var slot = _random.Next(cluster.PodCount);
        if (_random.Next(10) == 0)
        {
            var old = cluster.Pod(slot, _replacements[slot], _changes[slot]).Metadata;
            server.Delete<V1Pod>(old.NamespaceProperty, old.Name);
            Interlocked.Increment(ref _writes);
            (_replacements[slot], _changes[slot]) = (_replacements[slot] + 1, 0);
        }
        else
        {
            _changes[slot]++;
        }

        var pod = cluster.Pod(slot, _replacements[slot], _changes[slot]);
        var now = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        pod.Metadata.Annotations = new Dictionary<string, string> { [ChangedAtAnnotation] = now.ToString("F3", CultureInfo.InvariantCulture) };
        server.Upsert(pod);
        Interlocked.Increment(ref _writes);
    }
}

/// <summary>Writes at a steady rate, spread evenly over time, until cancelled (checked every 10 ms).</summary>
public static class PacedWrites
{
    public static async Task RunAsync(int perMinute, Func<long> done, Action writeOne, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(writeOne);
        ArgumentNullException.ThrowIfNull(time);
        var started = time.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10), time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var due = (long)(time.GetElapsedTime(started).TotalMinutes * perMinute);
                while (done() < due)
                {
                    writeOne();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the runner.
        }
    }
}
