using Microsoft.Extensions.Options;

namespace OpsDashboard.Configuration;

/// <summary>A configuration section registered with its validator, for <see cref="ConfigurationCheck"/> to check at start.</summary>
/// <param name="Section">"Dashboard:RdsImport".</param>
/// <param name="Resolve">Reads the bound options, throwing what binding or validation finds.</param>
public sealed record ValidatedSection(string Section, Func<IServiceProvider, object> Resolve);

public static class ValidatedOptions
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="TOptions"/>, checked by <typeparamref name="TValidator"/> when
    /// the app starts (with every other section: one list of problems), and returns the values as configured now for the
    /// composition root to branch on. A value that cannot be read is left at its default here; the check at start names it.
    /// </summary>
    public static TOptions AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class, new()
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.AddSingleton(new ValidatedSection(section, sp => sp.GetRequiredService<IOptions<TOptions>>().Value));
        try
        {
            return configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException)
        {
            return new TOptions();
        }
    }
}
