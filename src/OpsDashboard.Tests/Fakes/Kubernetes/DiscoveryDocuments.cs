using System.Text;
using k8s;
using k8s.Models;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// The legacy discovery documents kubectl reads before it lists anything: <c>/version</c>, <c>/api</c>, <c>/api/v1</c>,
/// <c>/apis</c>, <c>/apis/{group}</c> and <c>/apis/{group}/{version}</c>. kubectl asks for aggregated discovery first and
/// falls back to these when the answer's Content-Type is plain <c>application/json</c>. Built once per server.
/// </summary>
internal sealed class DiscoveryDocuments
{
    private readonly Dictionary<string, byte[]> _documents = [];

    public DiscoveryDocuments(string serverVersion)
    {
        var version = serverVersion.TrimStart('v').Split('.');
        Add("/version", new VersionInfo
        {
            Major = version[0],
            Minor = version.Length > 1 ? version[1] : "0",
            GitVersion = serverVersion,
            GitCommit = "0000000000000000000000000000000000000000",
            GitTreeState = "clean",
            BuildDate = "2025-04-22T16:03:54Z",
            GoVersion = "go1.23.6",
            Compiler = "gc",
            Platform = "linux/amd64",
        });
        var groups = ResourceCatalog.Groups.Select(g => new V1APIGroup
        {
            Name = g.Group,
            Versions = [new V1GroupVersionForDiscovery { GroupVersion = $"{g.Group}/{g.Version}", Version = g.Version }],
            PreferredVersion = new V1GroupVersionForDiscovery { GroupVersion = $"{g.Group}/{g.Version}", Version = g.Version },
        }).ToList();
        Add("/apis", new V1APIGroupList { Kind = "APIGroupList", ApiVersion = "v1", Groups = groups });
        foreach (var group in groups)
        {
            Add($"/apis/{group.Name}", new V1APIGroup { Kind = "APIGroup", ApiVersion = "v1", Name = group.Name, Versions = group.Versions, PreferredVersion = group.PreferredVersion });
        }

        foreach (var byGroup in ResourceCatalog.All.GroupBy(r => r.Group))
        {
            var groupVersion = byGroup.First().ApiVersion;
            Add(byGroup.Key.Length == 0 ? "/api/v1" : $"/apis/{groupVersion}", new V1APIResourceList
            {
                Kind = "APIResourceList",
                ApiVersion = "v1",
                GroupVersion = groupVersion,
                Resources = [.. byGroup.Select(r => new V1APIResource
                {
                    Name = r.Plural,
                    SingularName = r.Singular,
                    Namespaced = r.Namespaced,
                    Kind = r.Kind,
                    Verbs = r.Writable ? ["create", "get", "list", "update", "watch"] : ["get", "list", "watch"],
                    ShortNames = ShortNames(r.Plural),
                    Categories = r.Group is "apps" or "autoscaling" || r.Plural == "pods" ? ["all"] : null,
                })],
            });
        }
    }

    /// <summary>The document at <paramref name="path"/>; <c>/api</c> names the request's <paramref name="port"/> as the server's address.</summary>
    public bool TryGet(string path, int port, out byte[] document)
    {
        path = path.Length > 1 ? path.TrimEnd('/') : path;
        if (path == "/api")
        {
            document = Serialize(new V1APIVersions
            {
                Kind = "APIVersions",
                Versions = ["v1"],
                ServerAddressByClientCIDRs = [new V1ServerAddressByClientCIDR { ClientCIDR = "0.0.0.0/0", ServerAddress = $"127.0.0.1:{port}" }],
            });
            return true;
        }

        return _documents.TryGetValue(path, out document!);
    }

    private static List<string>? ShortNames(string plural) => plural switch
    {
        "nodes" => ["no"],
        "namespaces" => ["ns"],
        "pods" => ["po"],
        "events" => ["ev"],
        "deployments" => ["deploy"],
        "statefulsets" => ["sts"],
        "daemonsets" => ["ds"],
        "replicasets" => ["rs"],
        "horizontalpodautoscalers" => ["hpa"],
        _ => null,
    };

    private static byte[] Serialize(object document) => Encoding.UTF8.GetBytes(KubernetesJson.Serialize(document));

    private void Add(string path, object document) => _documents[path] = Serialize(document);
}
