using System.Globalization;
using System.Net;

namespace OpsDashboard.Tests.Fakes.Freshness;

/// <summary>How one fake pod answers its health page.</summary>
public sealed record FakeHealthPage
{
    public int Status { get; init; } = 200;

    public string? Body { get; init; }

    public string ContentType { get; init; } = "text/html; charset=utf-8";

    public TimeSpan Delay { get; init; }

    /// <summary>Accept the request and never answer.</summary>
    public bool Hang { get; init; }

    /// <summary>A page in bedrock's /healthz-cron/ format; status 500 when any task is past its maximum, as bedrock does.</summary>
    public static FakeHealthPage Bedrock(int dbAgeSeconds, int l10nAgeSeconds = 60, string codeSha = "4f1c9a2e7b5d4c3a2b1f0e9d8c7b6a5f4e3d2c1b", string? dbSha = null, string checksum = "5bd0f4e8c3a1", DateTimeOffset? updated = null)
    {
        var tasks = new (string Name, int Max, int? Age)[] { ("download_database", 600, dbAgeSeconds), ("update_locales", 600, l10nAgeSeconds) };
        var pass = tasks.All(t => t.Age is { } a && a <= t.Max);
        var rows = string.Concat(tasks.Select(t =>
            $"""
                  <tr>
                    <td>{(t.Age > t.Max ? "<mark>" : "")}{t.Name}{(t.Age > t.Max ? "</mark> ‼️" : "")}</td>
                    <td align="right">{t.Max}</td>
                    <td align="right">{(t.Age is { } a ? a.ToString(CultureInfo.InvariantCulture) : "None")}</td>
                  </tr>
            """));
        dbSha ??= codeSha;
        var updatedAt = updated ?? TimeProvider.System.GetUtcNow().AddSeconds(-dbAgeSeconds);
        var body = $"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Time Since Last Cron Task Runs</title></head>
            <body>
              <h1>Time Since Last Cron Task Runs</h1>
              <h2>{(pass ? "✅ PASS" : "❌ FAIL")}</h2>
              <table>
                <thead><tr><th>Task Name</th><th>Max Seconds</th><th>Seconds Since Last Run</th></tr></thead>
                <tbody>{rows}</tbody>
              </table>
              <h1 id="other-data">Other Site Data</h1>
              <table>
                <tbody>
                  <tr><td><b>Hostname</b></td><td>bedrock-web-7d9f8c6b5-x2k4q</td></tr>
                  <tr><td><b>Bedrock Git SHA</b></td><td><a href="https://github.com/mozilla/bedrock/commit/{codeSha}">{codeSha[..10]}</a></td></tr>
                  <tr><td><b>DB Git SHA</b></td><td><a href="https://github.com/mozilla/bedrock/commit/{dbSha}">{dbSha[..10]}</a></td></tr>
                  <tr><td><b>DB File Checksum</b></td><td>{checksum}</td></tr>
                  <tr><td><b>DB Last Updated</b></td><td title="{updatedAt.ToUnixTimeSeconds()}">
                      {WebUtility.HtmlEncode($"{dbAgeSeconds / 60} minutes ago")}
                    </td></tr>
                  <tr><td><b>DB File</b></td><td><a href="https://example.test/bedrock-{dbSha[..10]}.db">bedrock-{dbSha[..10]}.db</a></td></tr>
                </tbody>
              </table>
            </body>
            </html>
            """;
        return new FakeHealthPage { Status = pass ? 200 : 500, Body = body };
    }
}
