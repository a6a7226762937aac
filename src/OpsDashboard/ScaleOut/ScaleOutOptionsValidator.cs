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
}
