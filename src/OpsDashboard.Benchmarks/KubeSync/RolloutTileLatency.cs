using k8s.Models;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Panels.Rollouts;

namespace OpsDashboard.Benchmarks.KubeSync;

/// <summary>What the rollouts tile cost in a step window: step-to-tile latencies, and the time to make each snapshot.</summary>
public sealed record RolloutFigures(long StepsSeen, IReadOnlyList<double> StepToStateMs, IReadOnlyList<double> StepToTileMs, int StepsNeverShown, IReadOnlyList<double> SnapshotMs);

/// <summary>
/// Times each rollout step from the fake's stamp to the first rollouts snapshot (the tile's, made as the app makes it:
/// <see cref="Kubernetes.ClusterPublisher"/>'s loop, debounced) that shows the Deployment with the step's updated count.
/// </summary>
public sealed class RolloutTileLatency(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string, string), (int Updated, double AtMs)> _pending = [];
    private List<double> _latencies = [];
    private List<double> _snapshots = [];
    private long _steps;
    private int _overtaken;

    /// <summary>A stamped Deployment reached the state (called from its sink): its step is pending until a snapshot shows it.</summary>
    public void Stepped(V1Deployment deployment, double atMs)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        lock (_gate)
        {
            _steps++;
            var key = (deployment.Metadata.NamespaceProperty, deployment.Metadata.Name);
            if (_pending.ContainsKey(key))
            {
                _overtaken++;
            }

            _pending[key] = (deployment.Status?.UpdatedReplicas ?? 0, atMs);
        }
    }

    /// <summary>A snapshot was made for the tile, in <paramref name="took"/>: the steps it shows are timed.</summary>
    public void Published(ClusterRollouts tile, TimeSpan took)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var now = (time.GetUtcNow() - DateTimeOffset.UnixEpoch).TotalMilliseconds;
        lock (_gate)
        {
            _snapshots.Add(took.TotalMilliseconds);
            if (_pending.Count == 0)
            {
                return;
            }

            foreach (var rollout in tile.Rollouts)
            {
                if (rollout.Kind == WorkloadKind.Deployment && _pending.TryGetValue((rollout.Namespace, rollout.Name), out var step) && rollout.Updated == step.Updated)
                {
                    _latencies.Add(now - step.AtMs);
                    _pending.Remove((rollout.Namespace, rollout.Name));
                }
            }
        }
    }

    /// <summary>The window's figures, sorted; starts a new window (steps still pending stay pending).</summary>
    public RolloutFigures Take(IReadOnlyList<double> stepToState)
    {
        lock (_gate)
        {
            var (latencies, snapshots, steps, overtaken) = (_latencies, _snapshots, _steps, _overtaken);
            (_latencies, _snapshots, _steps, _overtaken) = ([], [], 0, 0);
            latencies.Sort();
            snapshots.Sort();
            return new RolloutFigures(steps, stepToState, latencies, overtaken + _pending.Count, snapshots);
        }
    }
}
