using OpsDashboard.Panels.Freshness;
using OpsDashboard.Panels.Pods;

namespace OpsDashboard.Panels.Versions;

/// <summary>One image (with its digest) run by some of an app's pods in one cluster, and how many.</summary>
public sealed record RunningImage(string Container, string Image, string? Digest, int Pods)
{
    /// <summary>"mozorg/bedrock" of "mozorg/bedrock:2017-12-04".</summary>
    public string Repository => new ContainerImage(Container, Image, Digest).Repository;

    public string Tag => new ContainerImage(Container, Image, Digest).Tag;

    /// <summary>"sha256:4f1c9a2e0b7d" for a table cell; the whole digest is on hover.</summary>
    public string? ShortDigest => Digest is { Length: > 19 } d ? d[..19] : Digest;
}

/// <summary>What one app runs in one cluster: images by pod count (most first), and the code SHAs its health pages report.</summary>
public sealed record ClusterVersion(string Cluster, IReadOnlyList<string> Namespaces, IReadOnlyList<RunningImage> Images, IReadOnlyList<string> CodeShas)
{
    /// <summary>What identifies the version: every image and digest it runs, regardless of pod counts.</summary>
    public string Fingerprint => string.Join(", ", Images.Select(i => $"{i.Image}@{i.Digest}").Order(StringComparer.Ordinal));
}

/// <summary>
/// One app (a workload name across clusters and namespaces) side by side in every cluster that runs it. Drift is a
/// cluster whose images or digests differ from what most of the clusters run.
/// </summary>
public sealed record AppVersions(string App, IReadOnlyList<ClusterVersion> Clusters)
{
    /// <summary>The version most clusters run (the first seen of equals); null when none run it.</summary>
    public string? Majority => Clusters.GroupBy(c => c.Fingerprint).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();

    /// <summary>The clusters off the majority; none when every cluster runs the same thing or only one runs it.</summary>
    public IReadOnlyList<ClusterVersion> Drifted =>
        Clusters.Select(c => c.Fingerprint).Distinct().Count() < 2 ? [] : [.. Clusters.Where(c => c.Fingerprint != Majority)];

    /// <summary>"frankfurt still on bedrock:2017-11-30, the others on 2017-12-04"; null without drift.</summary>
    public string? Drift
    {
        get
        {
            if (Drifted is not [var first, ..] drifted)
            {
                return null;
            }

            if (Clusters.First(c => c.Fingerprint == Majority).Images is not [var usual, ..] || first.Images is not [var odd, ..])
            {
                return $"{string.Join(", ", drifted.Select(d => d.Cluster))} differ from the others";
            }

            var name = odd.Repository[(odd.Repository.LastIndexOf('/') + 1)..];
            var (was, now) = odd.Tag == usual.Tag ? ($"{odd.Tag}@{odd.ShortDigest}", $"{usual.Tag}@{usual.ShortDigest}") : (odd.Tag, usual.Tag);
            return $"{string.Join(", ", drifted.Select(d => d.Cluster))} still on {name}:{was}, the others on {now}";
        }
    }

    /// <summary>
    /// Every app of the given clusters' pods, by workload name (pods of no workload left out), joined with the code SHA
    /// of the freshness panel's health pages whose pod names begin with the workload's ("bedrock-web-7d9f8c6b5-x2k4p").
    /// </summary>
    public static IReadOnlyList<AppVersions> Of(IEnumerable<ClusterPods> clusters, IEnumerable<AppFreshness> freshness)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(freshness);
        var pagesByCluster = freshness.GroupBy(f => f.Cluster, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.SelectMany(f => f.Pods).ToList(), StringComparer.Ordinal);
        var rows = new Dictionary<string, List<ClusterVersion>>(StringComparer.Ordinal);
        foreach (var cluster in clusters.OrderBy(c => c.Cluster, StringComparer.Ordinal))
        {
            var pages = pagesByCluster.GetValueOrDefault(cluster.Cluster) ?? [];
            foreach (var app in cluster.Pods.Where(p => p.Owner.Kind is not WorkloadKind.Pod and not WorkloadKind.Job && !p.IsFinished && p.Images.Count > 0).GroupBy(p => p.Owner.Name, StringComparer.Ordinal))
            {
                var images = app.SelectMany(p => p.Images).GroupBy(i => (i.Container, i.Image, i.Digest))
                    .Select(g => new RunningImage(g.Key.Container, g.Key.Image, g.Key.Digest, g.Count()))
                    .OrderByDescending(i => i.Pods).ThenBy(i => i.Image, StringComparer.Ordinal).ToList();
                var shas = pages.Where(p => p.CodeSha is not null && p.Pod.StartsWith(app.Key + "-", StringComparison.Ordinal)).Select(p => p.CodeSha!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
                var version = new ClusterVersion(cluster.Cluster, [.. app.Select(p => p.Namespace).Distinct().Order(StringComparer.Ordinal)], images, shas);
                (rows.TryGetValue(app.Key, out var list) ? list : rows[app.Key] = []).Add(version);
            }
        }

        return [.. rows.Select(r => new AppVersions(r.Key, r.Value)).OrderBy(a => a.Drifted.Count == 0).ThenBy(a => a.App, StringComparer.Ordinal)];
    }
}
