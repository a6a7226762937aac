using Microsoft.Extensions.Options;

namespace OpsDashboard.Panels.Scaling;

/// <summary>Checks Dashboard:Scaling at start, naming the bad key and what to put there.</summary>
public sealed class ScalingOptionsValidator : IValidateOptions<ScalingOptions>
{
    public ValidateOptionsResult Validate(string? name, ScalingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.WarnAtMaxAfter <= TimeSpan.Zero || options.WarnAtMaxAfter > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail($"{ScalingOptions.Section}:WarnAtMaxAfter is how long an HPA may sit at its maximum before a WARNING, between a second and a day, e.g. 00:10:00; got {options.WarnAtMaxAfter}.")
            : ValidateOptionsResult.Success;
    }
}
