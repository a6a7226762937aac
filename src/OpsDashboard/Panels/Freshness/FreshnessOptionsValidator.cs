using Microsoft.Extensions.Options;
using OpsDashboard.Kubernetes;

namespace OpsDashboard.Panels.Freshness;

/// <summary>Checks Dashboard:Freshness: every app can be found and asked, and its thresholds make sense.</summary>
public sealed class FreshnessOptionsValidator(IOptions<KubernetesOptions> kubernetes) : IValidateOptions<FreshnessOptions>
{
    public ValidateOptionsResult Validate(string? name, FreshnessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var clusters = ClusterNames();
        for (var i = 0; i < options.Apps.Count; i++)
        {
            var app = options.Apps[i];
            var key = $"{FreshnessOptions.Section}:Apps:{i}";
            if (string.IsNullOrWhiteSpace(app.Name))
            {
                errors.Add($"{key}:Name is empty: name the app, e.g. bedrock.");
            }

            var discovers = app.LabelSelector is not null || app.Namespace is not null;
            if (!discovers && app.Urls.Count == 0)
            {
                errors.Add($"{key}: give a Namespace and LabelSelector to find the pods in Kubernetes, or a list of Urls.");
            }

            if (discovers && clusters?.Count == 0)
            {
                errors.Add($"{key}: pods are found through Kubernetes, but Dashboard:Kubernetes:Clusters is empty.");
            }

            errors.AddRange(app.Clusters.Where(c => clusters?.Contains(c) == false).Select(c => $"{key}:Clusters: \"{c}\" is not a cluster of Dashboard:Kubernetes:Clusters (known: {string.Join(", ", clusters!)})."));
            errors.AddRange(app.Urls.Where(u => !Uri.TryCreate(u, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")).Select(u => $"{key}:Urls: \"{u}\" is not an http(s) URL."));
            if (app.MetadataUrl is { } meta && (!Uri.TryCreate(meta, UriKind.Absolute, out var metaUri) || metaUri.Scheme is not ("http" or "https")))
            {
                errors.Add($"{key}:MetadataUrl \"{meta}\" is not an http(s) URL.");
            }

            if (app.LabelSelector is { } selector)
            {
                try
                {
                    LabelSelector.Parse(selector);
                }
                catch (FormatException ex)
                {
                    errors.Add($"{key}:LabelSelector: {ex.Message}.");
                }
            }

            if (app.Port is < 1 or > 65535)
            {
                errors.Add($"{key}:Port must be between 1 and 65535; got {app.Port}.");
            }

            if (!app.Path.StartsWith('/'))
            {
                errors.Add($"{key}:Path must start with /, e.g. /healthz-cron/; got \"{app.Path}\".");
            }

            if (app.RefreshInterval + app.Grace >= app.MaxAge)
            {
                errors.Add($"{key}: RefreshInterval + Grace ({app.RefreshInterval + app.Grace}) must be less than MaxAge ({app.MaxAge}).");
            }

            if (app.Timeout <= TimeSpan.Zero || app.Timeout >= app.Interval)
            {
                errors.Add($"{key}:Timeout ({app.Timeout}) must be positive and shorter than Interval ({app.Interval}).");
            }

            if (app.Concurrency < 1)
            {
                errors.Add($"{key}:Concurrency must be at least 1; got {app.Concurrency}.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>
    /// The names of Dashboard:Kubernetes:Clusters, or null when that section has errors of its own: they are listed once,
    /// by its validator, and checking apps against clusters that are wrong anyway would only repeat them.
    /// </summary>
    private HashSet<string>? ClusterNames()
    {
        try
        {
            return kubernetes.Value.Clusters.Select(c => c.DisplayName).ToHashSet(StringComparer.Ordinal);
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}
