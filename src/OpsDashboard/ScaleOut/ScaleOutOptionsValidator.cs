using Microsoft.Extensions.Options;
using Npgsql;

namespace OpsDashboard.ScaleOut;

/// <summary>Checks Dashboard:ScaleOut at start: a usable connection string, a Lease that can be named, timings that hold together.</summary>
public sealed class ScaleOutOptionsValidator : IValidateOptions<ScaleOutOptions>
{
    public ValidateOptionsResult Validate(string? name, ScaleOutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        const string lease = $"{ScaleOutOptions.Section}:Lease";
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            errors.Add($"{ScaleOutOptions.ConnectionStringKey} is empty: scale-out keeps history, Data Protection keys and snapshots in PostgreSQL. "
                + "Set it (e.g. Host=db;Database=opsdashboard;Username=opsdashboard, with Password from a Secret as env Dashboard__ScaleOut__ConnectionString), or set "
                + $"{ScaleOutOptions.Section}:Enabled to false for a single replica.");
        }
        else
        {
            try
            {
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                if (string.IsNullOrWhiteSpace(builder.Host))
                {
                    errors.Add($"{ScaleOutOptions.ConnectionStringKey} names no Host: add Host=<your PostgreSQL server>.");
                }
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException)
            {
                // The message names the bad keyword, never the value: the string may hold a password.
                errors.Add($"{ScaleOutOptions.ConnectionStringKey} is not an Npgsql connection string ({ex.Message.Split('\n')[0]}).");
            }
        }

        if (string.IsNullOrWhiteSpace(options.Lease.Name))
        {
            errors.Add($"{lease}:Name is empty: name the Lease the replicas elect their leader with (default opsdashboard-leader).");
        }

        if (options.Lease.InCluster && !k8s.KubernetesClientConfiguration.IsInCluster())
        {
            errors.Add($"{lease}:InCluster is true but this process is not in a Kubernetes pod (no service account token): set {lease}:InCluster to false with {lease}:Kubeconfig, Context and Namespace to elect through a kubeconfig.");
        }

        if (!options.Lease.InCluster && LeaseKubeconfig(options.Lease) is { } path && !File.Exists(path))
        {
            errors.Add($"{lease}:Kubeconfig: the file {path} does not exist. Set {lease}:Kubeconfig (or KUBECONFIG) to the kubeconfig whose cluster holds the Lease.");
        }

        if (!options.Lease.InCluster && string.IsNullOrWhiteSpace(options.Lease.Context))
        {
            errors.Add($"{lease}:Context is empty while {lease}:InCluster is false: name the kubeconfig context whose cluster holds the Lease.");
        }

        if (!options.Lease.InCluster && string.IsNullOrWhiteSpace(options.Lease.Namespace))
        {
            errors.Add($"{lease}:Namespace is empty while {lease}:InCluster is false: name the namespace of the Lease.");
        }

        if (options.Lease.RetryPeriod <= TimeSpan.Zero || options.Lease.RenewDeadline <= options.Lease.RetryPeriod || options.Lease.LeaseDuration <= options.Lease.RenewDeadline)
        {
            errors.Add($"{lease}: need 0 < RetryPeriod < RenewDeadline < LeaseDuration (a leader must give up before another may take over); got RetryPeriod {options.Lease.RetryPeriod}, RenewDeadline {options.Lease.RenewDeadline}, LeaseDuration {options.Lease.LeaseDuration}.");
        }

        if (options.Lease.LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add($"{lease}:LeaseDuration must be whole seconds (the Lease stores leaseDurationSeconds); got {options.Lease.LeaseDuration}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The kubeconfig the Lease is reached through when not in a cluster: the setting, then $KUBECONFIG, then ~/.kube/config.</summary>
    public static string? LeaseKubeconfig(ScaleOutLeaseOptions lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return lease.Kubeconfig ?? Environment.GetEnvironmentVariable("KUBECONFIG")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }
}
