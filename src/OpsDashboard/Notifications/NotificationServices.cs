using OpsDashboard.Configuration;

namespace OpsDashboard.Notifications;

public static class NotificationServices
{
    /// <summary>Dashboard:Notifications, checked at start with every other section.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<NotificationOptions, NotificationOptionsValidator>(configuration, NotificationOptions.Section);
        return services;
    }
}
