using System.Text.RegularExpressions;

namespace OpsDashboard.TimeSeries.CloudWatch;

/// <summary>
/// AWS's error text is shown word for word, and an answer may quote the canonical request, whose signed headers
/// (or query) can carry <c>x-amz-security-token</c>: a session token is a bearer secret, so it never reaches a page or a log.
/// </summary>
public static partial class AwsSecretRedaction
{
    public const string Redacted = "[redacted]";

    [GeneratedRegex(@"(x-amz-security-token\s*[:=]\s*)[^\s&;,'""<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecurityTokenValue();

    /// <summary>Every <c>x-amz-security-token</c> value in <paramref name="text"/>, and <paramref name="sessionToken"/> wherever it appears, replaced.</summary>
    public static string Redact(string text, string? sessionToken = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var redacted = SecurityTokenValue().Replace(text, "$1" + Redacted);
        return string.IsNullOrEmpty(sessionToken) ? redacted : redacted.Replace(sessionToken, Redacted, StringComparison.Ordinal);
    }
}
