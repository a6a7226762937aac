using OpsDashboard.Configuration;

namespace OpsDashboard.Reports;

public static class ReportServices
{
    /// <summary>The weekly report's options (checked at start like every section) and its generator.</summary>
    public static IServiceCollection AddWeeklyReport(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ReportOptions, ReportOptionsValidator>(configuration, ReportOptions.Section);
        services.AddSingleton<ReportGenerator>();
        services.AddSingleton(sp => new Curation.ReportChoiceBook(sp.GetService<History.HistoryDatabase>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
