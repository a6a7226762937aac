using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsDashboard.Tests.Fakes.Kubernetes;

/// <summary>
/// The opaque continue token of a paginated list, shaped as the real server's: base64url of
/// <c>{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}</c>. It pins the list's resourceVersion, so every page comes
/// from the same snapshot.
/// </summary>
internal static class ContinueToken
{
    public static string Encode(long resourceVersion, string lastKey) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Token("meta.k8s.io/v1", resourceVersion, lastKey + "\0")));

    /// <summary>The pinned resourceVersion and the key to start from; throws <see cref="FormatException"/> if invalid.</summary>
    public static (long ResourceVersion, string StartKey) Decode(string token)
    {
        Token? decoded;
        try
        {
            decoded = JsonSerializer.Deserialize<Token>(Base64Url.DecodeFromChars(token));
        }
        catch (JsonException e)
        {
            throw new FormatException($"continue key is not valid: {e.Message}", e);
        }

        return decoded is { V: "meta.k8s.io/v1", Rv: > 0, Start: not null }
            ? (decoded.Rv, decoded.Start)
            : throw new FormatException("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
    }

    private sealed record Token(
        [property: JsonPropertyName("v")] string V,
        [property: JsonPropertyName("rv")] long Rv,
        [property: JsonPropertyName("start")] string Start);
}
