using System.Globalization;
using System.Text.Json;

namespace OpsDashboard.Panels.Freshness;

/// <summary>
/// Reads the published DB metadata and remembers when each checksum was first seen, so "the publisher has not
/// published for 40 min" can be told even when the metadata carries no timestamp.
/// </summary>
public sealed class PublishedDbTracker(HttpClient http, TimeProvider time)
{
    private PublishedDb? _last;

    public async Task<(PublishedDb? Db, string? Error)> ReadAsync(FreshnessAppOptions app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.MetadataUrl is null)
        {
            return (null, null);
        }

        try
        {
            using var timeout = new CancellationTokenSource(app.Timeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var response = await http.GetAsync(new Uri(app.MetadataUrl), linked.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (_last, $"metadata {app.MetadataUrl} answered HTTP {(int)response.StatusCode}");
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(linked.Token));
            var root = json.RootElement;
            string? Str(string name) => root.TryGetProperty(name, out var v) ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            } : null;
            var checksum = Str(app.Published.Checksum) ?? throw new FormatException($"no \"{app.Published.Checksum}\" in the metadata");
            var updated = Str(app.Published.Updated) is { } u ? ParseTime(u) : null;
            var firstSeen = _last is { } last && last.Checksum == checksum ? last.FirstSeen : time.GetUtcNow();
            _last = new PublishedDb(checksum, Str(app.Published.GitSha), updated, firstSeen);
            return (_last, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or FormatException)
        {
            return (_last, $"metadata {app.MetadataUrl}: {ex.Message}");
        }
    }

    private static DateTimeOffset? ParseTime(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var unix) ? DateTimeOffset.FromUnixTimeMilliseconds((long)(unix * 1000))
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
}
