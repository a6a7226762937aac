using System.Collections.Immutable;

namespace OpsDashboard.Pipeline;

/// <summary>An immutable picture of every tile at one moment; cheap to hand to any number of subscribers.</summary>
public sealed class StoreView
{
    public static readonly StoreView Empty = new(ImmutableDictionary<PanelKey, TileEntry>.Empty, 0);

    public StoreView(ImmutableDictionary<PanelKey, TileEntry> tiles, long version)
    {
        Tiles = tiles;
        Version = version;
    }

    public ImmutableDictionary<PanelKey, TileEntry> Tiles { get; }

    /// <summary>Grows by one with every change to the store.</summary>
    public long Version { get; }

    public TileEntry? this[PanelKey key] => Tiles.GetValueOrDefault(key);
}
