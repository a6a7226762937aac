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
}
