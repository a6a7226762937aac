using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>One slice of a downsampled series: where its samples lie on average, their mean, lowest and highest value.</summary>
public readonly record struct HistoryBucket(DateTimeOffset At, double Average, double Min, double Max);

/// <summary>One figure of one tile, downsampled.</summary>
public sealed record HistorySeries(PanelKey Tile, string Figure, IReadOnlyList<HistoryBucket> Buckets);

/// <summary>Headline figures read back for graphs, downsampled in the database so a 7-day graph costs as much to draw as a 1-hour one.</summary>
public sealed partial class HistoryStore
{
    /// <summary>
    /// Every matching series in [from, to], each cut into at most <paramref name="buckets"/> equal slices of time; a
    /// slice without samples is left out, so gaps in the data stay gaps. <paramref name="realOnly"/> keeps only what a
    /// real post may state as fact (<see cref="RealSamplesAsync"/>): no demo sample, nor an unmarked one where a demo ran.
    /// </summary>
    public Task<IReadOnlyList<HistorySeries>> QueryDownsampledAsync(DateTimeOffset from, DateTimeOffset to, int buckets, string? cluster, PanelKind? panel, CancellationToken cancellationToken, bool realOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        return GatedAsync<IReadOnlyList<HistorySeries>>(async ct =>
        {
            var fromMs = from.ToUnixTimeMilliseconds();
            await using var query = _connection.CreateCommand();
            var real = realOnly ? $" AND {await RealSamplesAsync(ct)}" : "";
            query.CommandText = $"""
                SELECT panel, grp, target, figure, CASE WHEN (at_ms - @from) * @n / @span < @n - 1 THEN (at_ms - @from) * @n / @span ELSE @n - 1 END AS b,
                    CAST(AVG(at_ms) AS DOUBLE PRECISION), CAST(AVG(value) AS DOUBLE PRECISION), MIN(value), MAX(value)
                FROM samples
                WHERE at_ms BETWEEN @from AND @to AND (@panel IS NULL OR panel = @panel) AND (@grp IS NULL OR grp = @grp){real}
                GROUP BY panel, grp, target, figure, b
                ORDER BY panel, grp, target, figure, b
                """;
            query.Add("@from", fromMs);
            query.Add("@to", to.ToUnixTimeMilliseconds());
            query.Add("@n", buckets);
            query.Add("@span", Math.Max(1, to.ToUnixTimeMilliseconds() - fromMs));
            query.Add("@panel", panel?.Code);
            query.Add("@grp", cluster);

            var series = new List<HistorySeries>();
            List<HistoryBucket>? current = null;
            (string, string, string, string) currentKey = default;
            await using var reader = await query.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3));
                if (current is null || key != currentKey)
                {
                    current = [];
                    currentKey = key;
                    series.Add(new HistorySeries(new PanelKey(Panels.DashboardPanels.FromCode(key.Item1), key.Item2, key.Item3), key.Item4, current));
                }

                current.Add(new HistoryBucket(DateTimeOffset.FromUnixTimeMilliseconds((long)reader.GetDouble(5)), reader.GetDouble(6), reader.GetDouble(7), reader.GetDouble(8)));
            }

            return series;
        }, cancellationToken);
    }

    /// <summary>
    /// The condition on <c>samples</c> for what a real post may state as fact: rows marked real, and rows an earlier
    /// version wrote unmarked (before the demo column existed, or beside it during a rolling upgrade) when the timeline
    /// never held a demo row (every demo tile writes one on its first reading). Where a demo did run, unmarked rows are
    /// not known to be real and are left out. A database no writer has brought up to date has no demo column yet: all
    /// its rows are unmarked.
    /// </summary>
    private async Task<string> RealSamplesAsync(CancellationToken cancellationToken)
    {
        const string NoDemoEverRan = "NOT EXISTS (SELECT 1 FROM events WHERE demo = 1)";
        _samplesMarked ??= await _dialect.HasColumnAsync(_connection, SampleTable.Table.Name, "demo", cancellationToken);
        return _samplesMarked.Value ? $"(demo = 0 OR (demo IS NULL AND {NoDemoEverRan}))" : NoDemoEverRan;
    }

    /// <summary>When the newest figure sample was taken; null in an empty database.</summary>
    public Task<DateTimeOffset?> NewestSampleAsync(CancellationToken cancellationToken) => GatedAsync<DateTimeOffset?>(async ct =>
    {
        await using var query = _connection.CreateCommand();
        query.CommandText = "SELECT MAX(at_ms) FROM samples";
        return await query.ExecuteScalarAsync(ct) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }, cancellationToken);
}
