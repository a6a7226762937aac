using k8s;
using k8s.Models;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>One kind of object the fake serves: where it lives in the API and which fields select it.</summary>
internal sealed class FakeResource
{
    private readonly Dictionary<string, Func<object, string?>> _fields;

    public FakeResource(Type type, string group, string version, string plural, string kind, bool namespaced, Dictionary<string, Func<object, string?>> fields, Func<byte[], IKubernetesObject<V1ObjectMeta>> decode)
    {
        Version = version;
        Type = type;
        Group = group;
        Plural = plural;
        Kind = kind;
        Namespaced = namespaced;
        _fields = fields;
        Decode = decode;
        FieldLabels = [.. fields.Keys];
        ApiVersion = group.Length == 0 ? version : $"{group}/{version}";
        KindAndApiVersion = System.Text.Encoding.UTF8.GetBytes($"{{\"kind\":\"{kind}\",\"apiVersion\":\"{ApiVersion}\"");
    }

    public Type Type { get; }

    /// <summary>Reads a stored body back into the model type, for the rare paths (tables, deletions) that need fields.</summary>
    public Func<byte[], IKubernetesObject<V1ObjectMeta>> Decode { get; }

    /// <summary>The API group; empty for the core group.</summary>
    public string Group { get; }

    /// <summary>The served version: v1, or v2 for autoscaling.</summary>
    public string Version { get; }

    public string ApiVersion { get; }

    public string Plural { get; }

    public string Singular => Kind.ToLowerInvariant();

    public string Kind { get; }

    public string ListKind => Kind + "List";

    public bool Namespaced { get; }

    /// <summary>Clients may create and replace it (POST, PUT); everything else the fake serves is read-only.</summary>
    public bool Writable => Plural == "leases";

    /// <summary><c>leases.coordination.k8s.io</c>, <c>pods</c>: how the API server names the resource in its messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>The field labels a fieldSelector may use besides metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> FieldLabels { get; }

    /// <summary><c>{"kind":"Pod","apiVersion":"v1"</c>: spliced before a stored body, which has neither.</summary>
    public byte[] KindAndApiVersion { get; }

    public int FieldIndex(string label)
    {
        for (var i = 0; i < FieldLabels.Count; i++)
        {
            if (FieldLabels[i] == label)
            {
                return i;
            }
        }

        return -1;
    }

    public string?[] ExtractFields(IKubernetesObject<V1ObjectMeta> obj)
    {
        var values = new string?[FieldLabels.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _fields[FieldLabels[i]](obj);
        }

        return values;
    }
}
