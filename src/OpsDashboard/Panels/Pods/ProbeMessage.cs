using System.Text.RegularExpressions;

namespace OpsDashboard.Panels.Pods;

/// <summary>Turns the kubelet's probe failure messages into the few words a human acts on: "liveness probe failed: HTTP 503".</summary>
public static partial class ProbeMessage
{
    public static string Summarize(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var match = ProbeKind().Match(message);
        if (!match.Success)
        {
            return Truncate(message.Trim());
        }

        var kind = match.Groups["kind"].Value.ToLowerInvariant();
        var rest = message[match.Length..].Trim();
        var cause = StatusCode().Match(rest) is { Success: true } code ? $"HTTP {code.Groups["code"].Value}"
            : rest.Contains("deadline exceeded", StringComparison.OrdinalIgnoreCase) || rest.Contains("timed out", StringComparison.OrdinalIgnoreCase) || rest.Contains("timeout", StringComparison.OrdinalIgnoreCase) ? "timeout"
            : rest.Contains("connection refused", StringComparison.OrdinalIgnoreCase) ? "connection refused"
            : rest.Contains("no route to host", StringComparison.OrdinalIgnoreCase) ? "no route to host"
            : Truncate(rest);
        return $"{kind} probe failed: {cause}";
    }

    private static string Truncate(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 79), "…");

    [GeneratedRegex(@"^(?<kind>Liveness|Readiness|Startup) probe failed:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ProbeKind();

    [GeneratedRegex(@"statuscode: (?<code>\d{3})", RegexOptions.CultureInvariant)]
    private static partial Regex StatusCode();
}
