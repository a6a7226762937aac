using OpsDashboard.Notifications;
using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>What each notification channel was sent and is still open: kept so a restart or a new leader carries on.</summary>
public sealed partial class HistoryStore
{
    /// <summary>Records firing alerts a channel was sent, and removes those it was sent resolved, in one transaction.</summary>
    public Task RecordSentAsync(IReadOnlyCollection<SentAlert> firing, string channel, IReadOnlyCollection<PanelKey> resolved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(firing);
        ArgumentNullException.ThrowIfNull(resolved);
        return InTransactionAsync(async (tx, ct) =>
        {
            await WriteRowsAsync(tx, _dialect.UpsertSentAlert, SentAlertTable.Table, firing, ct);

            await using var delete = _connection.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = $"DELETE FROM {SentAlertTable.Table.Name} WHERE channel = @channel AND panel = @panel AND grp = @grp AND target = @target";
            delete.Add("@channel", channel);
            var (p, g, t) = (delete.Parameter("@panel", System.Data.DbType.String), delete.Parameter("@grp", System.Data.DbType.String), delete.Parameter("@target", System.Data.DbType.String));
            foreach (var tile in resolved)
            {
                (p.Value, g.Value, t.Value) = (tile.Panel.Code, tile.Group, tile.Target);
                await delete.ExecuteNonQueryAsync(ct);
            }
        }, cancellationToken);
    }

    /// <summary>The alerts <paramref name="channel"/> was sent firing and not yet resolved.</summary>
    public Task<IReadOnlyList<OpenAlert>> SentAlertsAsync(string channel, CancellationToken cancellationToken) =>
        ReadRowsAsync(
            $"SELECT {SentAlertTable.Table.ColumnList} FROM {SentAlertTable.Table.Name} WHERE channel = @channel ORDER BY starts_ms",
            query => query.Add("@channel", channel), reader => SentAlertTable.Read(reader).Alert, cancellationToken);

    public Task UpsertSilenceAsync(Silence silence, CancellationToken cancellationToken) =>
        InTransactionAsync((tx, ct) => WriteRowsAsync(tx, _dialect.UpsertSilence, SilenceTable.Table, [silence], ct), cancellationToken);

    /// <summary>Silences whose end is after <paramref name="at"/>, soonest end first.</summary>
    public Task<IReadOnlyList<Silence>> SilencesEndingAfterAsync(DateTimeOffset at, CancellationToken cancellationToken) =>
        ReadRowsAsync(
            $"SELECT {SilenceTable.Table.ColumnList} FROM {SilenceTable.Table.Name} WHERE ends_ms > @at ORDER BY ends_ms, id",
            query => query.Add("@at", at.ToUnixTimeMilliseconds()), SilenceTable.Read, cancellationToken);
}
