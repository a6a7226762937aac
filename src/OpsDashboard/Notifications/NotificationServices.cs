using OpsDashboard.Configuration;

namespace OpsDashboard.Notifications;

public static class NotificationServices
{
    /// <summary>Dashboard:Notifications, checked at start with every other section.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NotificationOptions, NotificationOptionsValidator>(configuration, NotificationOptions.Section);
        services.AddSingleton<NotificationLog>();
        services.AddSingleton(sp => new NotificationDispatcher(
            sp.GetRequiredService<Pipeline.PanelStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>(),
            sp.GetRequiredService<NotificationLog>(), new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, sp.GetRequiredService<ScaleOut.ILeadership>(),
            new SentAlertState(sp.GetRequiredService<History.HistoryDatabase>()), sp.GetRequiredService<SilenceBook>()));
        services.AddSingleton(sp => new SilenceBook(sp.GetRequiredService<History.HistoryDatabase>(), sp.GetRequiredService<Timeline.TimelineFeed>()));
        services.AddSingleton<IHostedService>(sp => new SilenceWatcher(sp.GetRequiredService<SilenceBook>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<NotificationDispatcher>());
        return services;
    }
}
