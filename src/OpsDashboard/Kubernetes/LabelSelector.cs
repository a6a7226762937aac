using System.Text.RegularExpressions;

namespace OpsDashboard.Kubernetes;

/// <summary>
/// A Kubernetes label selector, matched in memory against projected pods: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>,
/// <c>a</c>, <c>!a</c>, <c>a in (x,y)</c>, <c>a notin (x,y)</c>, comma meaning AND.
/// </summary>
public sealed partial class LabelSelector
{
    private readonly List<Func<IReadOnlyDictionary<string, string>, bool>> _requirements;

    private LabelSelector(List<Func<IReadOnlyDictionary<string, string>, bool>> requirements)
    {
        _requirements = requirements;
    }

    public static LabelSelector Everything { get; } = new([]);

    public static LabelSelector Parse(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return Everything;
        }

        var requirements = new List<Func<IReadOnlyDictionary<string, string>, bool>>();
        foreach (Match part in Requirement().Matches(selector))
        {
            var text = part.Value.Trim();
            if (SetRequirement().Match(text) is { Success: true } set)
            {
                var key = set.Groups["key"].Value;
                var values = set.Groups["values"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                var negate = set.Groups["op"].Value == "notin";
                requirements.Add(labels => labels.TryGetValue(key, out var v) ? values.Contains(v) != negate : negate);
            }
            else if (EqualityRequirement().Match(text) is { Success: true } eq)
            {
                var key = eq.Groups["key"].Value;
                var value = eq.Groups["value"].Value;
                var negate = eq.Groups["op"].Value == "!=";
                requirements.Add(labels => (labels.TryGetValue(key, out var v) && v == value) != negate);
            }
            else if (ExistsRequirement().Match(text) is { Success: true } exists)
            {
                var key = exists.Groups["key"].Value;
                var negate = exists.Groups["not"].Success;
                requirements.Add(labels => labels.ContainsKey(key) != negate);
            }
            else
            {
                throw new FormatException($"\"{text}\" is not a label selector requirement (use key=value, key!=value, key in (a,b), key, !key)");
            }
        }

        return new LabelSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> labels) => _requirements.TrueForAll(r => r(labels));

    // Commas inside "in (...)" do not split requirements.
    [GeneratedRegex(@"[^,(]+(\([^)]*\))?")]
    private static partial Regex Requirement();

    [GeneratedRegex(@"^(?<key>[\w./-]+)\s+(?<op>in|notin)\s*\((?<values>[^)]*)\)$")]
    private static partial Regex SetRequirement();

    [GeneratedRegex(@"^(?<key>[\w./-]+)\s*(?<op>==|=|!=)\s*(?<value>[\w./-]*)$")]
    private static partial Regex EqualityRequirement();

    [GeneratedRegex(@"^(?<not>!)?\s*(?<key>[\w./-]+)$")]
    private static partial Regex ExistsRequirement();
}
