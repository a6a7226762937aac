using Microsoft.Extensions.Options;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.TimeSeries;

public static class TimeSeriesServices
{
    /// <summary>The one CloudWatch client and refresh that every panel's CloudWatch series share; registered once however many panels ask.</summary>
    public static IServiceCollection AddCloudWatchRefresh(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(CloudWatchRefresh)))
        {
            return services;
        }

        services.AddSingleton<IAwsCredentialSource>(sp => new AwsSdkCredentialSource(sp.GetRequiredService<IOptions<CloudWatchOptions>>().Value.Profile));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CloudWatchOptions>>().Value;
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = options.Timeout };
            return new CloudWatchClient(http, sp.GetRequiredService<IAwsCredentialSource>(), sp.GetRequiredService<TimeProvider>(), options.Endpoint, options.MaxRetries);
        });
        services.AddSingleton<CloudWatchRefresh>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CloudWatchRefresh>());
        return services;
    }

    /// <summary>The client of the configured Prometheus (Dashboard:Prometheus:Url); registered once.</summary>
    public static IServiceCollection AddPrometheusClient(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PrometheusClient)))
        {
            return services;
        }

        services.AddSingleton(sp =>
        {
            var prometheus = sp.GetRequiredService<IOptions<PrometheusOptions>>().Value;
            var url = prometheus.Url!.AbsoluteUri;
            return new PrometheusClient(new HttpClient { Timeout = prometheus.Timeout }, new Uri(url.EndsWith('/') ? url : url + "/"));
        });
        return services;
    }
}
