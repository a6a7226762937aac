using OpsDashboard.Demo;

namespace OpsDashboard.Panels.Pods;

/// <summary>The MDN stories the demo tells: slow MySQL failing web probes, and kumascript running out of memory.</summary>
internal static class DemoMdnScenarios
{
    private static readonly TimeSpan EpisodeWindow = TimeSpan.FromMinutes(10);

    /// <summary>A slow-MySQL episode: readiness fails from minute 1, liveness from minute 3 and kills pods now and then.</summary>
    public static void Web(DemoPodWorld world, TimeSpan elapsed, int desired, int desiredBefore)
    {
        var starting = Math.Max(0, desired - desiredBefore);
        var pods = world.Deployment("mdn-prod", "web", desired, starting);
        if (desired >= 18)
        {
            // Near the peak the cluster is full: new pods wait for the autoscaler's next node.
            var n = world.NodeCount;
            foreach (var pending in pods.Skip(desired - starting))
            {
                world.Warn(pending, "FailedScheduling", $"0/{n} nodes are available: {n} Insufficient cpu. preemption: 0/{n} nodes are available: {n} No preemption victims found for incoming pod.", 1, world.Now - TimeSpan.FromSeconds(30));
            }
        }

        var probability = world.Cluster == "oregon-a" ? 0.6 : 0.3;
        var window = (long)(elapsed / EpisodeWindow);
        var into = elapsed - (window * EpisodeWindow);
        var key = $"{world.Cluster}/mysql-slow";
        var episode = DemoNoise.Chance(key, window, probability) && into >= TimeSpan.FromMinutes(1) && into < TimeSpan.FromMinutes(6);

        var restarts = 0;
        for (var w = Math.Max(0, window - 5); w <= window; w++)
        {
            var livenessDone = w < window || into >= TimeSpan.FromMinutes(4);
            if (DemoNoise.Chance(key, w, probability) && livenessDone)
            {
                restarts += 2;
            }
        }

        for (var i = 0; i < Math.Min(2, pods.Count) && restarts > 0; i++)
        {
            var restarted = pods[i] with { Restarts = 7 + restarts, LastTerminationReason = "Error", LastTerminatedAt = world.Now - TimeSpan.FromMinutes(2) };
            world.Replace(pods[i], restarted, restarts / 2);
            pods[i] = restarted;
        }

        if (!episode)
        {
            return;
        }

        var failures = (int)((into - TimeSpan.FromMinutes(1)).TotalSeconds / 10) + 1;
        var since = world.Now - (into - TimeSpan.FromMinutes(1));
        var failing = Math.Min(pods.Count, 1 + (failures / 12));
        for (var i = 0; i < failing; i++)
        {
            var pod = pods[pods.Count - 1 - i];
            world.Replace(pod, pod with { Ready = false }, world.RestartsOf(pod));
            var liveness = into >= TimeSpan.FromMinutes(3);
            world.Warn(pod, "Unhealthy", $"{(liveness ? "Liveness" : "Readiness")} probe failed: HTTP probe failed with statuscode: 503", Math.Max(1, failures / failing), since);
        }
    }

    /// <summary>Now and then in oregon-b, one kumascript pod is OOM-killed over and over: CrashLoopBackOff.</summary>
    public static void Kumascript(DemoPodWorld world, TimeSpan elapsed)
    {
        var pods = world.Deployment("mdn-prod", "kumascript", 4);
        var window = (long)(elapsed / TimeSpan.FromMinutes(30));
        var into = elapsed - (window * TimeSpan.FromMinutes(30));
        if (!(world.Cluster == "oregon-b" && DemoNoise.Chance("kumascript-oom", window, 0.5) && into >= TimeSpan.FromMinutes(12) && into < TimeSpan.FromMinutes(16)))
        {
            return;
        }

        var restarts = 3 + (int)((into - TimeSpan.FromMinutes(12)).TotalMinutes * 2);
        var crashing = pods[0] with { Ready = false, Restarts = restarts, WaitingReason = "CrashLoopBackOff", LastTerminationReason = "OOMKilled", LastTerminatedAt = world.Now - TimeSpan.FromSeconds(40) };
        world.Replace(pods[0], crashing, restarts);
        world.Warn(crashing, "BackOff", $"Back-off restarting failed container kumascript in pod {crashing.Name}", restarts, world.Now - (into - TimeSpan.FromMinutes(12)));
    }
}
