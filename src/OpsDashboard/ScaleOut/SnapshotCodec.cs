using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OpsDashboard.Pipeline;

namespace OpsDashboard.ScaleOut;

/// <summary>
/// A panel snapshot as JSON for the followers: its record's stated members only (what it is built from; everything
/// derived, such as Health or Headline, is worked out again on the follower), and its type by name from the snapshot
/// types this app defines, never an arbitrary type from the database.
/// </summary>
public static class SnapshotCodec
{
    private static readonly FrozenDictionary<string, Type> Types = typeof(PanelSnapshot).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false } && t.IsAssignableTo(typeof(PanelSnapshot)))
        .ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    private static readonly JsonSerializerOptions Json = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { StatedMembersOnly } },
    };

    public static (string Type, string Json) Encode(PanelSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var type = snapshot.GetType();
        if (!Types.ContainsKey(type.FullName!))
        {
            throw new NotSupportedException($"{type.FullName} is not a snapshot type of the dashboard and cannot be sent to other replicas.");
        }

        return (type.FullName!, JsonSerializer.Serialize(snapshot, type, Json));
    }

    public static PanelSnapshot Decode(string type, string json) =>
        Types.TryGetValue(type, out var snapshotType)
            ? (PanelSnapshot)(JsonSerializer.Deserialize(json, snapshotType, Json) ?? throw new JsonException($"A {type} snapshot was null."))
            : throw new NotSupportedException($"Snapshot type {type} is unknown to this replica (is it running another version of the dashboard?).");

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
