using Microsoft.Extensions.Options;

namespace OpsDashboard.Reports;

public static class ReportServices
{
    /// <summary>The weekly report's options (checked at start like every section) and its generator.</summary>
    public static IServiceCollection AddWeeklyReport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReportOptions>, ReportOptionsValidator>();
        services.AddSingleton<ReportGenerator>();
        return services;
    }
}
