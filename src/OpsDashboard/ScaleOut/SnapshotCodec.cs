using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.ScaleOut;

/// <summary>
/// A panel snapshot as JSON for the followers: its record's stated members only (what it is built from; everything
/// derived, such as Health or Headline, is worked out again on the follower), under the explicit discriminator its
/// panel declares (<see cref="PanelDefinition.SnapshotCode"/>), never a CLR type name: a record renamed in a new version
/// still decodes during a rolling upgrade, and nothing but the panels' own snapshot types is ever read from the database.
/// Enums inside travel as their pinned values.
/// </summary>
public sealed class SnapshotCodec
{
    /// <summary>The codec of this app's panels.</summary>
    public static readonly SnapshotCodec Panels = new(DashboardPanels.All.Select(p => (p.SnapshotCode, p.SnapshotType)));

    private static readonly JsonSerializerOptions Json = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StatedMembersOnly } },
    };

    private readonly FrozenDictionary<string, Type> _types;
    private readonly FrozenDictionary<Type, string> _codes;

    public SnapshotCodec(IEnumerable<(string Code, Type Type)> discriminators)
    {
        var pairs = discriminators.ToList();
        _types = pairs.ToFrozenDictionary(p => p.Code, p => p.Type, StringComparer.Ordinal);
        _codes = pairs.ToFrozenDictionary(p => p.Type, p => p.Code);
    }

    public static (string Type, string Json) Encode(PanelSnapshot snapshot) => Panels.Write(snapshot);

    public static PanelSnapshot Decode(string type, string json) => Panels.Read(type, json);

    public (string Type, string Json) Write(PanelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var type = snapshot.GetType();
        return _codes.TryGetValue(type, out var code)
            ? (code, JsonSerializer.Serialize(snapshot, type, Json))
            : throw new NotSupportedException($"{type.Name} is not the snapshot type of any panel and cannot be sent to other replicas.");
    }

    public PanelSnapshot Read(string code, string json) =>
        _types.TryGetValue(code, out var snapshotType)
            ? (PanelSnapshot)(JsonSerializer.Deserialize(json, snapshotType, Json) ?? throw new JsonException($"A {code} snapshot was null."))
            : throw new NotSupportedException($"Snapshot type {code} is unknown to this replica (is it running another version of the dashboard?).");

    private static void StatedMembersOnly(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i] is { Set: null, AssociatedParameter: null })
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
