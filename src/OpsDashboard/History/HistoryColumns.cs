using System.Collections.Frozen;
using System.Data;
using System.Data.Common;
using OpsDashboard.Panels;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;

namespace OpsDashboard.History;

/// <summary>The type of a history column, which each dialect spells its own way.</summary>
public enum ColumnType
{
    /// <summary>A 64-bit integer (milliseconds, ids).</summary>
    BigInt = 0,

    /// <summary>A small integer (codes, counts, flags).</summary>
    SmallInt = 1,

    Text = 2,

    /// <summary>A double (figure values).</summary>
    Real = 3,
}

/// <summary>One column of a history table: its name, type, whether it may be null, and what a row puts in it.</summary>
public sealed record HistoryColumn<TRow>(string Name, ColumnType Type, bool Nullable, Func<TRow, object?> Value)
{
    public DbType DbType => Type switch
    {
        ColumnType.Text => DbType.String,
        ColumnType.Real => DbType.Double,
        _ => DbType.Int64,
    };

    /// <summary>
    /// For a column added to an existing table, the SQL that fills it in for rows written before it existed (both
    /// dialects run it once, when they add the column); null when such rows stay null.
    /// </summary>
    public string? Backfill { get; init; }
}

/// <summary>A history table: its name, its columns (in order) and the columns of its primary key.</summary>
public sealed record HistoryTable<TRow>(string Name, IReadOnlyList<HistoryColumn<TRow>> Columns, IReadOnlyList<string> Key)
{
    public string ColumnList { get; } = string.Join(", ", Columns.Select(c => c.Name));

    public string ParameterList { get; } = string.Join(", ", Columns.Select(c => "@" + c.Name));

    /// <summary>One parameter per column, typed (a null still has a type), to be filled by <see cref="Fill"/> for each row.</summary>
    public DbParameter[] Parameters(DbCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return [.. Columns.Select(c => command.Parameter("@" + c.Name, c.DbType))];
    }

    public void Fill(DbParameter[] parameters, TRow row)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        for (var i = 0; i < Columns.Count; i++)
        {
            parameters[i].Value = Columns[i].Value(row) ?? DBNull.Value;
        }
    }

    private FrozenDictionary<string, int> Ordinals { get; } = Columns.Select((c, i) => (c.Name, i)).ToFrozenDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);

    /// <summary>Where a column is in <see cref="ColumnList"/>.</summary>
    public int Ordinal(string column) => Ordinals[column];
}

/// <summary>The headline figures' <c>samples</c> table: one value of one figure of one tile at one moment.</summary>
public static class SampleTable
{
    public static readonly HistoryTable<HistorySample> Table = new("samples",
    [
        new("panel", ColumnType.Text, false, s => s.Key.Panel.Code),
        new("grp", ColumnType.Text, false, s => s.Key.Group),
        new("target", ColumnType.Text, false, s => s.Key.Target),
        new("figure", ColumnType.Text, false, s => s.Figure),
        new("at_ms", ColumnType.BigInt, false, s => s.At.ToUnixTimeMilliseconds()),
        new("value", ColumnType.Real, false, s => s.Value),

        // 1 for a demo source's sample, 0 for a real one; null in rows an earlier version wrote (before the column, or
        // beside a new one during a rolling upgrade). No row is rewritten: HistoryStore.RealSamplesAsync says at query
        // time which of those count as real.
        new("demo", ColumnType.SmallInt, true, s => s.IsDemo ? 1L : 0L),
    ], ["panel", "grp", "target", "figure", "at_ms"]);
}

/// <summary>
/// The timeline's <c>events</c> table, written once: the column list drives the insert, the select, the reading of a
/// row and both dialects' DDL (including columns added to a database made by an earlier version). Codes, not
/// ordinals or names of CLR types, go in it: kinds, severities and states are pinned.
/// </summary>
public static class EventTable
{
    public static readonly HistoryTable<TimelineEvent> Table = new("events",
    [
        new("id", ColumnType.BigInt, false, e => e.Id),
        new("at_ms", ColumnType.BigInt, false, e => e.At.ToUnixTimeMilliseconds()),
        new("until_ms", ColumnType.BigInt, true, e => e.Until?.ToUnixTimeMilliseconds()),
        new("kind", ColumnType.SmallInt, false, e => (long)e.Kind.Code),
        new("severity", ColumnType.SmallInt, false, e => (long)e.Severity),
        new("panel", ColumnType.Text, false, e => e.Tile.Panel.Code),
        new("grp", ColumnType.Text, false, e => e.Tile.Group),
        new("target", ColumnType.Text, false, e => e.Tile.Target),
        new("namespace", ColumnType.Text, true, e => e.Namespace),
        new("object", ColumnType.Text, true, e => e.InvolvedObject),
        new("owner", ColumnType.Text, true, e => e.Owner),
        new("reason", ColumnType.Text, false, e => e.Reason),
        new("message", ColumnType.Text, false, e => e.Message),
        new("count", ColumnType.SmallInt, false, e => (long)e.Count),
        new("demo", ColumnType.SmallInt, false, e => e.IsDemo ? 1L : 0L),
        new("source", ColumnType.Text, true, e => e.Source),
        new("total", ColumnType.SmallInt, true, e => (long?)e.Total),
        new("state", ColumnType.Text, true, e => e.State?.Code())
        {
            // Rows of versions that stored a tile state only in words ("OK → CRITICAL"): read once, when the column is added.
            Backfill = "UPDATE events SET state = CASE "
                + string.Join(' ', Enum.GetValues<TileStatus>().Select(s => $"WHEN reason LIKE '% → {s.Word()}' THEN '{s.Code()}'"))
                + $" END WHERE kind = {TimelineKind.TileState.Code} AND state IS NULL",
        },
    ], ["id"]);

    /// <summary>A row read by a <c>SELECT {ColumnList}</c>.</summary>
    public static TimelineEvent Read(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        int At(string column) => Table.Ordinal(column);
        string? Text(string column) => reader.IsDBNull(At(column)) ? null : reader.GetString(At(column));
        long? Number(string column) => At(column) is var i && reader.IsDBNull(i) ? null : Table.Columns[i].Type == ColumnType.SmallInt ? reader.GetInt32(i) : reader.GetInt64(i);
        var tile = new PanelKey(DashboardPanels.FromCode(Text("panel")!), Text("grp")!, Text("target")!);
        return new TimelineEvent(
            Number("id")!.Value, DateTimeOffset.FromUnixTimeMilliseconds(Number("at_ms")!.Value), DashboardPanels.TimelineKindOf((int)Number("kind")!.Value),
            (TimelineSeverity)Number("severity")!.Value, tile, Text("namespace"), Text("object"), Text("reason")!, Text("message")!)
        {
            Until = Number("until_ms") is { } until ? DateTimeOffset.FromUnixTimeMilliseconds(until) : null,
            Owner = Text("owner"),
            Count = (int)Number("count")!.Value,
            IsDemo = Number("demo") != 0,
            Source = Text("source"),
            Total = Number("total") is { } total ? (int)total : null,
            State = TileStatusCodes.FromCode(Text("state")),
        };
    }
}
