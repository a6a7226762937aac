using Microsoft.Extensions.Options;
using MySqlConnector;

namespace OpsDashboard.Panels.RdsImport;

/// <summary>Checks Dashboard:RdsImport at start, including that a manifest file can be read.</summary>
public sealed class ImportOptionsValidator : IValidateOptions<ImportOptions>
{
    public ValidateOptionsResult Validate(string? name, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        for (var i = 0; i < options.Imports.Count; i++)
        {
            var import = options.Imports[i];
            var key = $"{ImportOptions.Section}:Imports:{i}";
            if (string.IsNullOrWhiteSpace(import.Name))
            {
                errors.Add($"{key}:Name is empty: name the import, e.g. \"sumo-prod import\".");
            }

            if (string.IsNullOrWhiteSpace(import.Schema))
            {
                errors.Add($"{key}:Schema is empty: give the target schema the import loads into.");
            }

            CheckConnection(errors, $"{key}:ConnectionString", import.ConnectionString, required: true);
            CheckConnection(errors, $"{key}:SourceConnectionString", import.SourceConnectionString, required: false);
            if ((import.ManifestPath is null) == (import.SourceConnectionString is null))
            {
                errors.Add($"{key}: give exactly one of ManifestPath (write one with the manifest command) or SourceConnectionString.");
            }
            else if (import.ManifestPath is { } path)
            {
                try
                {
                    ImportManifest.Load(path);
                }
                catch (FormatException ex)
                {
                    errors.Add($"{key}:ManifestPath: {ex.Message}");
                }
            }

            if (!string.IsNullOrEmpty(import.DbInstanceIdentifier) && string.IsNullOrWhiteSpace(import.Region))
            {
                errors.Add($"{key}:Region is empty: give the AWS region of instance {import.DbInstanceIdentifier}, e.g. us-west-2.");
            }

            if (import.Interval < TimeSpan.FromSeconds(1) || import.StallAfter <= import.Interval || import.RateWindow < import.Interval * 2)
            {
                errors.Add($"{key}: Interval ({import.Interval}) must be at least 1 s, StallAfter ({import.StallAfter}) longer than it, and RateWindow ({import.RateWindow}) at least twice it.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckConnection(List<string> errors, string key, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add($"{key} is empty: give a MySqlConnector connection string, e.g. Server=sumo.abc.us-west-2.rds.amazonaws.com;User ID=dashboard;Password=…");
            }

            return;
        }

        try
        {
            _ = new MySqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            errors.Add($"{key} is not a valid connection string: {ex.Message}");
        }
    }
}
