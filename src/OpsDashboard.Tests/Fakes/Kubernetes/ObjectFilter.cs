using System.Text.RegularExpressions;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// What a list or watch asked for: the namespace from its path, a labelSelector and a fieldSelector, parsed as the real
/// API server parses them. A selector it cannot parse throws <see cref="FormatException"/> with the server's message.
/// </summary>
internal sealed partial class ObjectFilter
{
    private readonly string? _namespace;
    private readonly List<Func<StoredObject, bool>> _terms = [];

    public ObjectFilter(FakeResource resource, string? @namespace, string? labelSelector, string? fieldSelector)
    {
        _namespace = @namespace;
        foreach (var term in SplitTerms(labelSelector))
        {
            _terms.Add(ParseLabelTerm(term));
        }

        foreach (var term in SplitTerms(fieldSelector))
        {
            _terms.Add(ParseFieldTerm(resource, term));
        }
    }

    /// <summary>True when only the namespace narrows the result, so a page can say how many items remain.</summary>
    public bool HasSelectors => _terms.Count > 0;

    public bool Matches(StoredObject obj)
    {
        if (_namespace is not null && obj.Namespace != _namespace)
        {
            return false;
        }

        foreach (var term in _terms)
        {
            if (!term(obj))
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> SplitTerms(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            yield break;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= selector.Length; i++)
        {
            if (i == selector.Length || (selector[i] == ',' && depth == 0))
            {
                var term = selector[start..i].Trim();
                if (term.Length > 0)
                {
                    yield return term;
                }

                start = i + 1;
            }
            else if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
        }
    }

    private static Func<StoredObject, bool> ParseLabelTerm(string term)
    {
        if (SetTerm().Match(term) is { Success: true } set)
        {
            var key = set.Groups["key"].Value;
            var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet();
            var notIn = set.Groups["op"].Value == "notin";
            return o => notIn != (Label(o, key) is { } v && values.Contains(v));
        }

        if (term.StartsWith('!'))
        {
            var key = RequireKey(term[1..].Trim(), term);
            return o => Label(o, key) is null;
        }

        if (SplitComparison(term) is var (left, notEquals, right))
        {
            var key = RequireKey(left, term);
            return o => notEquals != (Label(o, key) == right);
        }

        var exists = RequireKey(term, term);
        return o => Label(o, exists) is not null;
    }

    private static Func<StoredObject, bool> ParseFieldTerm(FakeResource resource, string term)
    {
        if (SplitComparison(term) is not var (field, notEquals, value))
        {
            throw new FormatException($"invalid selector: '{term}'; can't understand '{term}'");
        }

        Func<StoredObject, string?> read = field switch
        {
            "metadata.name" => o => o.Name,
            "metadata.namespace" => o => o.Namespace ?? "",
            _ when resource.FieldIndex(field) is var index and >= 0 => o => o.Fields[index] ?? "",
            _ => throw new FormatException($"field label not supported: {field}"),
        };
        return o => notEquals != (read(o) == value);
    }

    private static (string Left, bool NotEquals, string Right)? SplitComparison(string term)
    {
        var notEquals = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEquals > 0)
        {
            return (term[..notEquals].Trim(), true, term[(notEquals + 2)..].Trim());
        }

        var doubleEquals = term.IndexOf("==", StringComparison.Ordinal);
        if (doubleEquals > 0)
        {
            return (term[..doubleEquals].Trim(), false, term[(doubleEquals + 2)..].Trim());
        }

        var equals = term.IndexOf('=');
        return equals > 0 ? (term[..equals].Trim(), false, term[(equals + 1)..].Trim()) : null;
    }

    private static string RequireKey(string key, string term) =>
        LabelKey().IsMatch(key) ? key : throw new FormatException($"unable to parse requirement: invalid label key \"{key}\" in \"{term}\"");

    private static string? Label(StoredObject obj, string key) => obj.Labels?.GetValueOrDefault(key);

    [GeneratedRegex(@"^(?<key>\S+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetTerm();

    [GeneratedRegex(@"^([A-Za-z0-9][-A-Za-z0-9_.]*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelKey();
}
