using System.Data.Common;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>How long a slot of <see cref="SlotCount"/> lasts. Values are stored: pinned.</summary>
public enum SlotLength
{
    Minute = 0,
    Hour = 1,
}

/// <summary>
/// Of one subject of a tile (a site of a site-check group), how many things were counted in one minute or hour and how
/// many of them were bad: what an SLO is computed from, kept so a restart or a new leader does not start the month's
/// error budget afresh.
/// </summary>
public sealed record SlotCount(PanelKey Tile, SlotLength Length, long Slot, long Total, long Bad);

/// <summary>The <c>slot_counts</c> table: <see cref="SlotCount"/> rows, written again as their counts grow.</summary>
public static class SlotCountTable
{
    public static readonly HistoryTable<SlotCount> Table = new("slot_counts",
    [
        new("panel", ColumnType.Text, false, s => s.Tile.Panel.Code),
        new("grp", ColumnType.Text, false, s => s.Tile.Group),
        new("target", ColumnType.Text, false, s => s.Tile.Target),
        new("slot_length", ColumnType.SmallInt, false, s => (long)s.Length),
        new("slot", ColumnType.BigInt, false, s => s.Slot),
        new("total", ColumnType.BigInt, false, s => s.Total),
        new("bad", ColumnType.BigInt, false, s => s.Bad),
    ], ["panel", "grp", "target", "slot_length", "slot"]);

    /// <summary>A row read by a <c>SELECT {ColumnList}</c>.</summary>
    public static SlotCount Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int At(string column) => Table.Ordinal(column);
        return new SlotCount(
            new PanelKey(DashboardPanels.FromCode(reader.GetString(At("panel"))), reader.GetString(At("grp")), reader.GetString(At("target"))),
            (SlotLength)reader.GetInt32(At("slot_length")),
            reader.GetInt64(At("slot")),
            reader.GetInt64(At("total")),
            reader.GetInt64(At("bad")));
    }
}
