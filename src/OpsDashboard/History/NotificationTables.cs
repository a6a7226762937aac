using System.Data.Common;
using OpsDashboard.Notifications;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>
/// The <c>sent_alerts</c> table: per channel, each alert it was sent firing and not yet sent resolved, with when it
/// was last sent, so a restart (or a new leader) neither sends it again nor forgets it. Statuses are stored by code.
/// </summary>
public static class SentAlertTable
{
    public static readonly HistoryTable<SentAlert> Table = new("sent_alerts",
    [
        new("channel", ColumnType.Text, false, s => s.Channel),
        new("panel", ColumnType.Text, false, s => s.Alert.Tile.Panel.Code),
        new("grp", ColumnType.Text, false, s => s.Alert.Tile.Group),
        new("target", ColumnType.Text, false, s => s.Alert.Tile.Target),
        new("status", ColumnType.Text, false, s => s.Alert.Status.Code()),
        new("starts_ms", ColumnType.BigInt, false, s => s.Alert.StartsAt.ToUnixTimeMilliseconds()),
        new("last_sent_ms", ColumnType.BigInt, false, s => s.Alert.LastSentAt.ToUnixTimeMilliseconds()),
        new("summary", ColumnType.Text, false, s => s.Alert.Summary),
        new("demo", ColumnType.SmallInt, false, s => s.Alert.IsDemo ? 1L : 0L),
    ], ["channel", "panel", "grp", "target"]);

    /// <summary>A row read by a <c>SELECT {ColumnList}</c>.</summary>
    public static SentAlert Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int At(string column) => Table.Ordinal(column);
        string Text(string column) => reader.GetString(At(column));
        var tile = new PanelKey(DashboardPanels.FromCode(Text("panel")), Text("grp"), Text("target"));
        var alert = new OpenAlert(
            tile,
            TileStatusCodes.FromCode(Text("status")) ?? TileStatus.Critical,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(At("starts_ms"))),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(At("last_sent_ms"))),
            Text("summary"),
            reader.GetInt32(At("demo")) != 0);
        return new SentAlert(Text("channel"), alert);
    }
}

/// <summary>The <c>silences</c> table: who silenced which tiles (matchers as written, "cluster=tokyo,panel=rds-import"), why and until when.</summary>
public static class SilenceTable
{
    public static readonly HistoryTable<Silence> Table = new("silences",
    [
        new("id", ColumnType.BigInt, false, s => s.Id),
        new("matchers", ColumnType.Text, false, s => s.Matchers),
        new("reason", ColumnType.Text, false, s => s.Reason),
        new("starts_ms", ColumnType.BigInt, false, s => s.StartsAt.ToUnixTimeMilliseconds()),
        new("ends_ms", ColumnType.BigInt, false, s => s.EndsAt.ToUnixTimeMilliseconds()),
        new("created_by", ColumnType.Text, false, s => s.CreatedBy),
    ], ["id"]);

    public static Silence Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int At(string column) => Table.Ordinal(column);
        return new Silence(
            reader.GetInt64(At("id")), reader.GetString(At("matchers")), reader.GetString(At("reason")),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(At("starts_ms"))), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(At("ends_ms"))),
            reader.GetString(At("created_by")));
    }
}
