using System.Globalization;
using Microsoft.Extensions.Options;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>Checks Dashboard:SiteChecks: every site can be asked, its thresholds make sense, and no two sites share a name in a group.</summary>
public sealed class SiteChecksOptionsValidator(IOptions<PrometheusOptions>? prometheus = null) : IValidateOptions<SiteChecksOptions>
{
    public ValidateOptionsResult Validate(string? name, SiteChecksOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var seen = new HashSet<(string, string)>();
        for (var i = 0; i < options.Sites.Count; i++)
        {
            var site = options.Sites[i];
            var key = $"{SiteChecksOptions.Section}:Sites:{i}";
            if (string.IsNullOrWhiteSpace(site.Name))
            {
                errors.Add($"{key}:Name is empty: name the site, e.g. developer.mozilla.org.");
            }
            else if (!seen.Add((site.Group, site.Name)))
            {
                errors.Add($"{key}:Name \"{site.Name}\" is used twice in group \"{site.Group}\": every site needs a name of its own.");
            }

            if (string.IsNullOrWhiteSpace(site.Group))
            {
                errors.Add($"{key}:Group is empty: leave it out to use \"{SiteCheckOptions.DefaultGroup}\", or name the tile, e.g. mdn.");
            }

            if (!Uri.TryCreate(site.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"{key}:Url \"{site.Url}\" is not an http(s) URL, e.g. https://developer.mozilla.org/.");
            }

            if (site.Interval < TimeSpan.FromSeconds(1))
            {
                errors.Add($"{key}:Interval ({site.Interval}) must be at least 1 second.");
            }

            if (site.Timeout <= TimeSpan.Zero || site.Timeout > site.Interval)
            {
                errors.Add($"{key}:Timeout ({site.Timeout}) must be positive and no longer than Interval ({site.Interval}).");
            }

            if (site.ExpectStatus is { } status && status is < 100 or > 599)
            {
                errors.Add($"{key}:ExpectStatus must be an HTTP status (100-599); got {status}.");
            }

            if (site.ExpectText is { Length: 0 })
            {
                errors.Add($"{key}:ExpectText is empty: leave it out to check no body, or give a word the page always has.");
            }

            if (site.Retries is < 1 or > 100)
            {
                errors.Add($"{key}:Retries must be between 1 and 100 (consecutive results before the state changes); got {site.Retries}.");
            }

            if (site.Objective is <= 0 or >= 1)
            {
                errors.Add($"{key}:Objective must be a fraction between 0 and 1, e.g. 0.999 for 99.9 %; got {site.Objective.ToString(CultureInfo.InvariantCulture)}.");
            }

            if (site.Blackbox is { } selector)
            {
                if (string.IsNullOrWhiteSpace(selector) || selector.Contains('{', StringComparison.Ordinal) || selector.Contains('}', StringComparison.Ordinal))
                {
                    errors.Add($"{key}:Blackbox must be label matchers without braces, e.g. job=\"blackbox\",instance=\"{site.Url}\"; got \"{selector}\".");
                }
                else if (prometheus?.Value.Url is null)
                {
                    errors.Add($"{key}:Blackbox reads blackbox_exporter's probes from Prometheus, but Dashboard:Prometheus:Url is not set.");
                }
            }

            if (site.MaxRedirects is < 0 or > 50)
            {
                errors.Add($"{key}:MaxRedirects must be between 0 and 50; got {site.MaxRedirects}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
