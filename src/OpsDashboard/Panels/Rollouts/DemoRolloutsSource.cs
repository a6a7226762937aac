using OpsDashboard.Demo;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Panels.Rollouts;

/// <summary>
/// Rollouts of the simulated fleet, every hour: bedrock goes out region by region (oregon-b at 2 min, frankfurt at 10),
/// stalls in frankfurt on ImagePullBackOff (the image not yet replicated to eu-central-1; past its progress deadline at
/// 20 min), is rolled back there at 24, and goes out to frankfurt and tokyo once the image is there (40–47); MDN's web
/// rolls out in oregon-a at 30. Images live in a registry that cannot exist (demo.invalid), so no demo tag looks real.
/// </summary>
public sealed class DemoRolloutsSource(DemoFleet fleet) : DemoSource<ClusterRollouts>(fleet, TimeSpan.FromSeconds(5)), IRolloutsSource
{
    public const string ImagePullBackOff = "ImagePullBackOff";

    private static readonly TimeSpan Cycle = TimeSpan.FromHours(1);

    /// <summary>How long a stalled step's new pods take to fail their first pull.</summary>
    private static readonly TimeSpan FailingAfter = TimeSpan.FromSeconds(30);

    private static readonly string[] Quiet = ["bedrock-prod/bedrock-clock", "mdn-prod/api", "mdn-prod/celery-worker", "mdn-prod/kumascript", "sumo-prod/sumo-web", "sumo-prod/sumo-celery"];

    public override SourceInfo Info { get; } = new(RolloutsPanel.Kind, "demo fleet", IsDemo: true, StaleAfter: TimeSpan.FromSeconds(60));

    public override IReadOnlyList<TargetReading<ClusterRollouts>> Read(DateTimeOffset now) =>
    [
        .. DemoFleet.Clusters.Select(c => Fleet.ApiOutage(c.Name, now) is { } outage
            ? TargetReading<ClusterRollouts>.Failed(c.Name, c.Name, outage)
            : TargetReading<ClusterRollouts>.Ok(c.Name, c.Name, Simulate(Fleet, c, now))),
    ];

    public static ClusterRollouts Simulate(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var workloads = new List<WorkloadRollout>();
        var failing = new Dictionary<(string, WorkloadKind, string), FailingPods>();
        var finished = new Dictionary<(string, WorkloadKind, string), DateTimeOffset>();
        var previous = new Dictionary<(string, WorkloadKind, string), IReadOnlyList<string>>();
        foreach (var (ns, name, replicas, step, state, from, started, revision) in Played(fleet, cluster, now))
        {
            var key = (ns, WorkloadKind.Deployment, name);
            workloads.Add(Deployment(ns, name, replicas, state, [step.Image], revision, started));
            previous[key] = [from];
            if (state.Failing > 0)
            {
                failing[key] = new FailingPods(state.Failing, ImagePullBackOff);
            }

            if (state.Done)
            {
                finished[key] = started + step.Duration;
            }
        }

        foreach (var quiet in Quiet.Where(q => cluster.Namespaces.Contains(q.Split('/')[0])))
        {
            var (ns, name) = (quiet.Split('/')[0], quiet.Split('/')[1]);
            workloads.Add(Deployment(ns, name, 3, new StepState(3, 3, 3, 0, true, null), [$"demo.invalid/{ns}/{name}:2017-11-20"], 12, fleet.Epoch - TimeSpan.FromDays(9)));
        }

        return RolloutAggregator.Aggregate(cluster.Name, workloads, failing, w => finished.TryGetValue((w.Namespace, w.Kind, w.Name), out var at) ? at : fleet.Epoch - TimeSpan.FromDays(9), now,
            w => previous.GetValueOrDefault((w.Namespace, w.Kind, w.Name)));
    }

    /// <summary>
    /// A stalled rollout as the pods panel shows it: how many old pods are down, how many new pods cannot pull their
    /// image, which image, and since when (the same script as the tile's).
    /// </summary>
    public static IEnumerable<(string Namespace, string Name, int OldPodsDown, int Failing, string Image, DateTimeOffset Since)> StalledNewPods(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now) =>
        Played(fleet, cluster, now).Where(p => p.State.Failing > 0).Select(p => (p.Ns, p.Name, p.Replicas - p.State.Available, p.State.Failing, p.Step.Image, p.Started + FailingAfter));

    /// <summary>Each scripted Deployment of the cluster at <paramref name="now"/>: its step of the hour, how far that has got, the image it replaced.</summary>
    private static IEnumerable<(string Ns, string Name, int Replicas, DemoStep Step, StepState State, string From, DateTimeOffset Started, long Revision)> Played(DemoFleet fleet, DemoCluster cluster, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(cluster);
        var elapsed = fleet.Elapsed(now);
        var cycle = (long)Math.Floor(elapsed / Cycle);
        foreach (var (ns, name, replicas, events) in Scripted(cluster))
        {
            // This cycle's steps and the two before, so the state before this cycle's first step, and what it replaced, are known.
            var steps = new[] { 2, 1, 0 }.SelectMany(back => events(cycle - back).Select(s => s with { At = s.At - (back * Cycle) })).ToList();
            var index = steps.FindLastIndex(s => s.At <= elapsed - (cycle * Cycle));
            var step = steps[index];
            var started = fleet.Epoch + (cycle * Cycle) + step.At;
            yield return (ns, name, replicas, step, step.Play(now - started, replicas), steps[index - 1].Image, started, 40 + ((cycle - 2) * events(0).Count) + index);
        }
    }

    private static IEnumerable<(string Ns, string Name, int Replicas, Func<long, List<DemoStep>> Steps)> Scripted(DemoCluster cluster)
    {
        switch (cluster.Name)
        {
            case "oregon-b":
                yield return ("bedrock-prod", "bedrock-web", 10, n => [Step(2, Bedrock(n + 1), 5)]);
                break;
            case "frankfurt":
                yield return ("bedrock-prod", "bedrock-web", 10, n => [new DemoStep(TimeSpan.FromMinutes(10), Bedrock(n + 1), TimeSpan.Zero, Stalls: true), Step(24, Bedrock(n), 1.5), Step(42, Bedrock(n + 1), 5)]);
                break;
            case "tokyo":
                yield return ("bedrock-prod", "bedrock-web", 10, n => [Step(40, Bedrock(n + 1), 5)]);
                break;
            case "oregon-a":
                yield return ("mdn-prod", "web", 6, n => [Step(30, Mdn(n + 1), 6)]);
                break;
        }
    }

    private static DemoStep Step(double minute, string image, double minutes) => new(TimeSpan.FromMinutes(minute), image, TimeSpan.FromMinutes(minutes), Stalls: false);

    private static string Bedrock(long cycle) => $"demo.invalid/mozmeao/bedrock:{DemoNoise.Hex("bedrock/sha", cycle, 7)}";

    private static string Mdn(long cycle) => $"demo.invalid/mdn/kuma:{DemoNoise.Hex("kuma/sha", cycle, 7)}";

    private static WorkloadRollout Deployment(string ns, string name, int replicas, StepState s, IReadOnlyList<string> images, long revision, DateTimeOffset changed) =>
        new(ns, WorkloadKind.Deployment, name, revision, revision, replicas, s.Total, s.Updated, s.Available, s.Available, WorkloadRollout.RollingUpdate, images)
        {
            Progressing = new RolloutCondition(
                s.Progressing == RolloutStatus.ProgressDeadlineExceeded ? "False" : "True",
                s.Progressing ?? (s.Done ? RolloutFinishLedger.NewReplicaSetAvailable : "ReplicaSetUpdated"),
                null,
                changed),
            Revision = revision,
        };

    /// <summary>Counts of a Deployment rolling out: updated, available, all pods; pods failing; done; a Progressing reason if not the usual.</summary>
    private sealed record StepState(int Updated, int Available, int Total, int Failing, bool Done, string? Progressing);

    /// <summary>A scripted step: at <paramref name="At"/> into the hour the image becomes <paramref name="Image"/>, rolled out over <paramref name="Duration"/>, or stalling.</summary>
    private sealed record DemoStep(TimeSpan At, string Image, TimeSpan Duration, bool Stalls)
    {
        private static readonly TimeSpan ProgressDeadline = TimeSpan.FromMinutes(10);

        public StepState Play(TimeSpan into, int replicas)
        {
            // maxSurge 25 %, maxUnavailable 25 %: three new pods at once, two old ones down meanwhile.
            var surge = (replicas + 3) / 4;
            if (Stalls)
            {
                return new StepState(surge, replicas - 2, replicas - 2 + surge, into >= FailingAfter ? surge : 0, false,
                    into >= ProgressDeadline ? RolloutStatus.ProgressDeadlineExceeded : null);
            }

            if (into >= Duration)
            {
                return new StepState(replicas, replicas, replicas, 0, true, null);
            }

            var updated = Math.Min(replicas, (int)(replicas * (into / Duration)) + 1);
            return new StepState(updated, replicas - 1, replicas + 1, 0, false, null);
        }
    }
}
