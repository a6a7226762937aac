using System.Collections.Concurrent;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// Interns the strings that repeat across thousands of objects (namespaces, node names, label keys and values,
/// reasons), so 150,000 pods cost their distinct strings once.
/// </summary>
public sealed class StringPool
{
    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);

    public int Count => _strings.Count;

    public string? Intern(string? value) => value is null ? null : _strings.GetOrAdd(value, value);
}
