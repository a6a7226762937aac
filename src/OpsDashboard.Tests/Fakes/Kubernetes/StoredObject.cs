using System.Text;
using k8s;
using k8s.Models;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// An object as the fake keeps it: serialized once, without kind and apiVersion as list items go on the wire, plus the
/// few values selectors need. Immutable, so lists and watches share it without copying.
/// </summary>
internal sealed class StoredObject
{
    private StoredObject(string key, string? @namespace, string name, long resourceVersion, string uid, DateTime? created, Dictionary<string, string>? labels, string?[] fields, byte[] json)
    {
        Key = key;
        Namespace = @namespace;
        Name = name;
        ResourceVersion = resourceVersion;
        Uid = uid;
        Created = created;
        Labels = labels;
        Fields = fields;
        Json = json;
    }

    /// <summary><c>namespace/name</c>, or the name of a cluster-scoped object: the order of lists, as etcd keys sort.</summary>
    public string Key { get; }

    public string? Namespace { get; }

    public string Name { get; }

    public long ResourceVersion { get; }

    public string Uid { get; }

    public DateTime? Created { get; }

    public Dictionary<string, string>? Labels { get; }

    /// <summary>Values of the resource's field labels, in the order of <see cref="FakeResource.FieldLabels"/>.</summary>
    public string?[] Fields { get; }

    /// <summary>The object as UTF-8 JSON, starting with <c>{</c> and without kind or apiVersion.</summary>
    public byte[] Json { get; }

    public static string KeyOf(string? @namespace, string name) => @namespace is null ? name : $"{@namespace}/{name}";

    /// <summary>
    /// Serializes <paramref name="obj"/> at <paramref name="resourceVersion"/>, keeping the uid and creation time of the
    /// object it replaces. The caller's object is left as it was.
    /// </summary>
    public static StoredObject Encode(FakeResource resource, IKubernetesObject<V1ObjectMeta> obj, long resourceVersion, StoredObject? previous, DateTime now)
    {
        var metadata = obj.Metadata ?? throw new ArgumentException($"A {resource.Kind} needs metadata with a name.", nameof(obj));
        if (string.IsNullOrEmpty(metadata.Name))
        {
            throw new ArgumentException($"A {resource.Kind} needs metadata.name.", nameof(obj));
        }

        var (kind, apiVersion) = (obj.Kind, obj.ApiVersion);
        var (ns, rv, uid, created) = (metadata.NamespaceProperty, metadata.ResourceVersion, metadata.Uid, metadata.CreationTimestamp);
        try
        {
            obj.Kind = null;
            obj.ApiVersion = null;
            metadata.NamespaceProperty = resource.Namespaced ? ns ?? "default" : null;
            metadata.ResourceVersion = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            metadata.Uid = uid ?? previous?.Uid ?? Guid.NewGuid().ToString();
            metadata.CreationTimestamp = created ?? previous?.Created ?? now;
            var json = Encoding.UTF8.GetBytes(KubernetesJson.Serialize(obj));
            var labels = metadata.Labels is { Count: > 0 } l ? new Dictionary<string, string>(l) : null;
            return new StoredObject(
                KeyOf(metadata.NamespaceProperty, metadata.Name), metadata.NamespaceProperty, metadata.Name, resourceVersion,
                metadata.Uid, metadata.CreationTimestamp, labels, resource.ExtractFields(obj), json);
        }
        finally
        {
            obj.Kind = kind;
            obj.ApiVersion = apiVersion;
            metadata.NamespaceProperty = ns;
            metadata.ResourceVersion = rv;
            metadata.Uid = uid;
            metadata.CreationTimestamp = created;
        }
    }

    /// <summary>The same object at a later resourceVersion, as a DELETED event carries it.</summary>
    public StoredObject WithResourceVersion(FakeResource resource, long resourceVersion)
    {
        var obj = resource.Decode(Json);
        obj.Metadata.ResourceVersion = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = Encoding.UTF8.GetBytes(KubernetesJson.Serialize(obj));
        return new StoredObject(Key, Namespace, Name, resourceVersion, Uid, Created, Labels, Fields, json);
    }
}
