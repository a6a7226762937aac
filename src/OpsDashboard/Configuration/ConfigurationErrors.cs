using Microsoft.Extensions.Options;

namespace OpsDashboard.Configuration;

/// <summary>Turns start-up configuration failures into the few lines a person needs to fix them.</summary>
public static class ConfigurationErrors
{
    public static string? Describe(Exception exception) => exception switch
    {
        DashboardConfigurationException config =>
            "OpsDashboard cannot start: the configuration has errors.\n" + string.Join('\n', config.Failures.Select(f => $"  - {f}")),
        OptionsValidationException validation =>
            "OpsDashboard cannot start: the configuration has errors.\n" + string.Join('\n', validation.Failures.Select(f => $"  - {f}")),
        InvalidOperationException { Message: var m } when m.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            $"OpsDashboard cannot start: {m} {exception.InnerException?.Message}",
        AggregateException aggregate when aggregate.InnerExceptions.Select(Describe).OfType<string>().ToList() is { Count: > 0 } inner =>
            string.Join('\n', inner),
        _ => null,
    };
}
