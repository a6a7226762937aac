using Microsoft.Extensions.Options;
using OpsDashboard.TimeSeries.CloudWatch;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.TimeSeries;

/// <summary>Checks Dashboard:CloudWatch.</summary>
public sealed class CloudWatchOptionsValidator : IValidateOptions<CloudWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, CloudWatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string s = CloudWatchOptions.Section;
        if (options.Refresh < TimeSpan.FromSeconds(1))
        {
            errors.Add($"{s}:Refresh must be at least 00:00:01; got {options.Refresh}. CloudWatch's standard metrics change once a minute, so 00:01:00 is usual.");
        }

        if (options.Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("https" or "http")))
        {
            errors.Add($"{s}:Endpoint must be an absolute http(s) URL, e.g. https://monitoring.us-east-1.amazonaws.com/; got {endpoint}.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.MaxRetries < 0)
        {
            errors.Add($"{s}: Timeout must be positive and MaxRetries zero or more; got {options.Timeout} and {options.MaxRetries}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>Checks Dashboard:Prometheus.</summary>
public sealed class PrometheusOptionsValidator : IValidateOptions<PrometheusOptions>
{
    public ValidateOptionsResult Validate(string? name, PrometheusOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Url is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http"))
            ? ValidateOptionsResult.Fail($"{PrometheusOptions.Section}:Url must be an absolute http(s) URL, e.g. http://prometheus.monitoring:9090/; got {url}.")
            : ValidateOptionsResult.Success;
    }
}
