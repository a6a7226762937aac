using OpsDashboard.Tests.Fakes.Freshness;

namespace OpsDashboard.Tests.ScaleOut;

/// <summary>The settings of a scaled-out replica in tests: its name in the Lease, the shared database, the fake API server.</summary>
public static class ScaleOutSettings
{
    /// <summary>A short lease so takeovers happen in seconds; the elector keeps wall-clock time, so these are real seconds.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    public static Dictionary<string, string?> For(string identity, string connectionString, string kubeconfig, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Dashboard:Demo:Mode"] = "Off",
            ["Dashboard:ScaleOut:Enabled"] = "true",
            ["Dashboard:ScaleOut:ConnectionString"] = connectionString,
            ["Dashboard:ScaleOut:Lease:InCluster"] = "false",
            ["Dashboard:ScaleOut:Lease:Kubeconfig"] = kubeconfig,
            ["Dashboard:ScaleOut:Lease:Context"] = "fake",
            ["Dashboard:ScaleOut:Lease:Namespace"] = "ops",
            ["Dashboard:ScaleOut:Lease:Identity"] = identity,
            ["Dashboard:ScaleOut:Lease:LeaseDuration"] = LeaseDuration.ToString(),
            ["Dashboard:ScaleOut:Lease:RenewDeadline"] = "00:00:01.5",
            ["Dashboard:ScaleOut:Lease:RetryPeriod"] = "00:00:00.25",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The polled source of the scale-out tests and benchmark: bedrock's health pages on <paramref name="pods"/> fake pods, once a second.</summary>
    public static Dictionary<string, string?> FreshnessPolling(FakePodFleet fleet, int pods)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var settings = new Dictionary<string, string?>
        {
            ["Dashboard:Freshness:Apps:0:Name"] = "bedrock",
            ["Dashboard:Freshness:Apps:0:Interval"] = "00:00:01",
            ["Dashboard:Freshness:Apps:0:Timeout"] = "00:00:00.5",
        };
        for (var i = 0; i < pods; i++)
        {
            settings[$"Dashboard:Freshness:Apps:0:Urls:{i}"] = fleet.Set($"bedrock-web-{i}", FakeHealthPage.Bedrock(dbAgeSeconds: 120)).ToString();
        }

        return settings;
    }
}
