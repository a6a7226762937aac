using System.Globalization;
using OpsDashboard.Panels.Freshness;
using OpsDashboard.Tests.Fakes.Freshness;
using OpsDashboard.Tests.Fakes.Kubernetes;
using OpsDashboard.Tests.ScaleOut;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.ScaleOut;

/// <summary>
/// What N replicas cost the upstream: replicas of the app (in this process, each its own host) poll fake pods' health
/// pages once a second, against a real PostgreSQL and the fake API server's Lease. Measured over the same window:
/// one scaled-out replica (the peer), N scaled-out replicas, and N replicas without scale-out (each polling on its own,
/// as the chart's replicas would without the election). Goal: N scaled-out replicas cost 1.0x the peer.
/// </summary>
public static class ScaleOutScenario
{
    public const string Usage = "scale-out [--replicas 3] [--pods 50] [--seconds 20]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var replicas = ScenarioArgs.Number(args, "--replicas", 3);
        var pods = ScenarioArgs.Number(args, "--pods", 50);
        var window = TimeSpan.FromSeconds(ScenarioArgs.Number(args, "--seconds", 20));

        await using var postgres = await PostgresServer.StartAsync(cancellationToken);
        await using var api = await FakeKubernetesApiServer.StartAsync(cancellationToken: cancellationToken);
        await using var fleet = await FakePodFleet.StartAsync();
        using var dir = new TempDirectory();
        var kubeconfig = api.WriteKubeconfig(dir.File("kubeconfig.yaml"));
        var app = ScaleOutSettings.FreshnessPolling(fleet, pods);

        Console.WriteLine($"scale-out: {pods} pods polled every second, {window.TotalSeconds:0} s per run, lease 2 s");
        var peer = await MeasureAsync(1, scaleOut: true);
        var scaled = await MeasureAsync(replicas, scaleOut: true);
        var independent = await MeasureAsync(replicas, scaleOut: false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"1 replica (peer):",-28}{peer.Requests,6} pod requests, {peer.LeaseRequests,4} Lease requests"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{$"{replicas} replicas, scaled out:",-28}{scaled.Requests,6} pod requests, {scaled.LeaseRequests,4} Lease requests = {(double)scaled.Requests / peer.Requests:0.00}x the peer (goal 1.00x)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{$"{replicas} replicas, each polling:",-28}{independent.Requests,6} pod requests = {(double)independent.Requests / peer.Requests:0.00}x the peer (what scale-out saves)"));
        return Math.Abs(((double)scaled.Requests / peer.Requests) - 1) <= 0.1 ? 0 : 1;

        async Task<(long Requests, long LeaseRequests)> MeasureAsync(int count, bool scaleOut)
        {
            var database = await postgres.CreateDatabaseAsync("bench", cancellationToken);
            var started = new List<DashboardReplica>();
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var name = $"replica-{i}";
                    var settings = scaleOut
                        ? ScaleOutSettings.For(name, database, kubeconfig, app)
                        : new Dictionary<string, string?>(app) { ["Dashboard:Demo:Mode"] = "Off", ["Dashboard:History:Path"] = dir.File($"{name}-{count}.db") };
                    started.Add(await DashboardReplica.StartAsync(name, settings, cancellationToken));
                }

                // Count from when every replica shows the tile (a leader is elected and its followers have its reading).
                await Eventually.HoldsAsync(() => started.All(r => r.Store.Current.Tiles.Values.Any(t => t.Key.Panel == FreshnessPanel.Kind && t.Snapshot is not null)),
                    TimeSpan.FromSeconds(60), "every replica shows the tile", cancellationToken);
                var (before, leaseBefore) = (fleet.Requests, LeaseRequests());
                await Task.Delay(window, TimeProvider.System, cancellationToken);
                return (fleet.Requests - before, LeaseRequests() - leaseBefore);
            }
            finally
            {
                foreach (var replica in started)
                {
                    await replica.DisposeAsync();
                }
            }
        }

        // No cluster is watched here: every request the API server gets is about the Lease.
        long LeaseRequests() => api.Stats.RequestCount;
    }
}
