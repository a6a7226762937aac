using OpsDashboard.Kubernetes;

namespace OpsDashboard.Tests.Faults;

/// <summary>What the Kubernetes fault tests assert of the rendered nodes tiles, and the signals they await between steps.</summary>
internal static class KubernetesTiles
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    public static void WaitUntilAllLive(FaultWall wall) => wall.AdvanceUntil(Step, () => Assert.All(FleetOfFakes.Names, name => AssertLive(wall, name)));

    /// <summary>Tokyo is the one that fails; the other two clusters' tiles must not notice.</summary>
    public static void AssertOthersLive(FaultWall wall)
    {
        AssertLive(wall, "oregon-a");
        AssertLive(wall, "frankfurt");
    }

    public static void AssertLive(FaultWall wall, string cluster, int nodes = 3)
    {
        var tile = wall.Tile(FleetOfFakes.Nodes(cluster));
        Assert.True(tile.Status == "OK", $"{cluster}: {tile}");
        Assert.Equal($"{nodes} / {nodes} ready", tile.Headline);
        Assert.Null(tile.Fault);
        Assert.StartsWith("updated ", tile.Age, StringComparison.Ordinal);
    }

    /// <summary>
    /// Awaits <paramref name="condition"/> on every reflector of the cluster without moving the fake clock: what it waits
    /// for must need no time to pass. Fails after <see cref="FaultWall.Within"/> of real time.
    /// </summary>
    public static async Task WaitForEachReflectorAsync(ClusterWatcher watcher, Func<ReflectorStats, bool> condition)
    {
        using var timeout = new CancellationTokenSource(FaultWall.Within);
        await Task.WhenAll(watcher.AllStats.Select(s => s.WaitForAsync(() => condition(s), timeout.Token)));
    }

    /// <summary>Awaits the cluster state's change signal until <paramref name="condition"/> holds, without moving the fake clock.</summary>
    public static async Task WaitForStateAsync(ClusterState state, Func<ClusterState, bool> condition)
    {
        using var timeout = new CancellationTokenSource(FaultWall.Within);
        while (true)
        {
            var version = state.Version;
            if (condition(state))
            {
                return;
            }

            await state.WaitForChangeAsync(version, timeout.Token);
        }
    }
}
