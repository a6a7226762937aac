using k8s;
using Microsoft.Extensions.Options;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// Checks Dashboard:Kubernetes at start: names, and for each kubeconfig cluster that the file can be read and has the
/// context. A missing context or an unreadable kubeconfig stops the app with a message naming the key and the fix.
/// </summary>
public sealed class KubernetesOptionsValidator : IValidateOptions<KubernetesOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Clusters.Count; i++)
        {
            var cluster = options.Clusters[i];
            var key = $"{KubernetesOptions.Section}:Clusters:{i}";
            if (!names.Add(cluster.DisplayName))
            {
                errors.Add($"{key}:Name \"{cluster.DisplayName}\" is used by another cluster; give each cluster its own name.");
            }

            if (cluster.InCluster)
            {
                if (cluster.Context is not null)
                {
                    errors.Add($"{key}: set either InCluster or Context, not both.");
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(cluster.Context))
            {
                errors.Add($"{key}:Context is empty: name a context of your kubeconfig (kubectl config get-contexts lists them), or set {key}:InCluster to true.");
                continue;
            }

            var path = KubeconfigPath(cluster);
            if (!File.Exists(path))
            {
                errors.Add($"{key}:Kubeconfig: the file {path} does not exist. Set {key}:Kubeconfig (or KUBECONFIG) to your kubeconfig.");
                continue;
            }

            try
            {
                var config = KubernetesClientConfiguration.LoadKubeConfig(path, useRelativePaths: true);
                if (config.Contexts?.Any(c => c.Name == cluster.Context) != true)
                {
                    var known = string.Join(", ", config.Contexts?.Select(c => c.Name) ?? []);
                    errors.Add($"{key}:Context \"{cluster.Context}\" is not in {path} (it has: {(known.Length == 0 ? "no contexts" : known)}).");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException)
            {
                errors.Add($"{key}:Kubeconfig: cannot read {path}: {ex.Message}");
            }
        }

        if (options.PageSize is < 1 or > 10_000)
        {
            errors.Add($"{KubernetesOptions.Section}:PageSize must be between 1 and 10000; got {options.PageSize}.");
        }

        if (options.StaleAfter <= options.WatchIdleTimeout)
        {
            errors.Add($"{KubernetesOptions.Section}:StaleAfter ({options.StaleAfter}) must be longer than WatchIdleTimeout ({options.WatchIdleTimeout}), or healthy quiet clusters would look stale.");
        }

        if (options.ResponseTimeout < TimeSpan.FromSeconds(1) || options.ResponseTimeout >= options.WatchIdleTimeout)
        {
            errors.Add($"{KubernetesOptions.Section}:ResponseTimeout must be at least 00:00:01 and shorter than WatchIdleTimeout ({options.WatchIdleTimeout}); got {options.ResponseTimeout}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static string KubeconfigPath(KubernetesClusterOptions cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Kubeconfig
            ?? Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
    }
}
