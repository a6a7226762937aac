using System.Globalization;
using OpsDashboard.Tests.Fakes.Kubernetes;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>
/// Steps Deployments through rollouts in the fake at a steady rate, 20 Deployments at a time, taking turns (so one
/// Deployment's steps are 20 steps apart, as a real rollout waits for its new pods): its new ReplicaSet and 3, then 6,
/// then all 10 new pods updated. Every Deployment written carries the wall-clock time of its step
/// (<see cref="PodChurn.ChangedAtAnnotation"/>), so the client can tell how long the step took to reach the tile.
/// </summary>
public sealed class RolloutSteps(FakeKubernetesApiServer server, BenchmarkCluster cluster, int stepsPerMinute, TimeProvider time)
{
    private const int Together = 20;
    private static readonly int[] Updated = [3, 6, BenchmarkCluster.Replicas];
    private long _steps;

    public long Steps => Interlocked.Read(ref _steps);

    public Task RunAsync(CancellationToken cancellationToken) => PacedWrites.RunAsync(stepsPerMinute, () => Steps, StepOne, time, cancellationToken);

    private void StepOne()
    {
        var step = Steps;
        var round = step / (Updated.Length * Together);
        var deployment = (int)(((round * Together) + (step % Together)) % cluster.DeploymentCount);
        var updated = Updated[step / Together % Updated.Length];
        server.Upsert(cluster.NextReplicaSet(deployment, updated));
        var stepped = cluster.Deployment(deployment, updated);
        var now = time.GetUtcNow();
        // As the controller does: its conditions are updated with each step (a finished rollout is dated by Progressing's).
        foreach (var condition in stepped.Status.Conditions)
        {
            condition.LastUpdateTime = now.UtcDateTime;
        }

        stepped.Metadata.Annotations[PodChurn.ChangedAtAnnotation] = (now - DateTimeOffset.UnixEpoch).TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture);
        server.Upsert(stepped);
        Interlocked.Increment(ref _steps);
    }
}
