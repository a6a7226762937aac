using Microsoft.Extensions.Options;

namespace OpsDashboard.Configuration;

/// <summary>
/// Validates every registered options section (<see cref="ValidatedOptions.AddValidatedOptions{TOptions, TValidator}"/>)
/// before anything starts, so a user sees all problems at once rather than the first one a hosted service happens to touch.
/// </summary>
public static class ConfigurationCheck
{
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        var failures = new List<string>();
        foreach (var section in services.GetServices<ValidatedSection>())
        {
            try
            {
                _ = section.Resolve(services);
            }
            catch (OptionsValidationException ex)
            {
                failures.AddRange(ex.Failures);
            }
            catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
            {
                failures.Add($"{ex.Message} {ex.InnerException?.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new DashboardConfigurationException(failures);
        }
    }
}
