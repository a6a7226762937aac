using System.Text.RegularExpressions;

namespace OpsDashboard.Tests.Charts;

/// <summary>Reads the rules of an RBAC template as text (no helm binary here): every rule's fields are inline lists.</summary>
public static partial class RbacRules
{
    /// <summary>Each occurrence of <c>field: [a, b]</c>, its items unquoted.</summary>
    public static List<string[]> Lists(string template, string field) =>
    [
        .. Regex.Matches(template, $@"^\s*-?\s*{field}:\s*\[(?<items>[^\]]*)\]", RegexOptions.Multiline)
            .Select(m => m.Groups["items"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(i => i.Trim('"', '\'')).ToArray()),
    ];

    /// <summary>How many rules the template has (lines starting <c>- apiGroups:</c>).</summary>
    public static int Count(string template) => RuleStart().Count(template);

    [GeneratedRegex(@"^\s*- apiGroups:", RegexOptions.Multiline)]
    private static partial Regex RuleStart();
}
