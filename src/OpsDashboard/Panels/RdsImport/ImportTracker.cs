namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// Turns successive observations of the target database into <see cref="ImportProgress"/>: which tables are done,
/// loading or waiting (in manifest load order), percent by bytes, throughput over a sliding window, ETAs at the
/// current and the average rate, and how long nothing has moved. InnoDB's row count moves with every insert while its
/// byte count moves only when statistics are recalculated, so each table's progress is the better of the two, and it
/// never goes backwards unless the table is recreated.
/// </summary>
public sealed class ImportTracker
{
    private const long EmptyTableBytes = 64 * 1024;
    private readonly ImportManifest _manifest;
    private readonly TimeSpan _window;
    private readonly Dictionary<string, double> _best = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset At, double Bytes, long Rows)> _samples = new();
    private (DateTimeOffset At, double Bytes)? _start;
    private DateTimeOffset? _lastChange;
    private (double Bytes, long Rows, string? Statement) _last;
    private bool _idleLastTime;

    public ImportTracker(ImportManifest manifest, TimeSpan window)
    {
        _manifest = manifest;
        _window = window;
    }

    public ImportProgress Observe(ImportObservation observation, string import, string instance, string instanceClass, TimeSpan stallAfter)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var seen = observation.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var running = observation.Running.FirstOrDefault(r => r.Table is not null && _manifest.Tables.Any(t => t.Name == r.Table)) ?? (observation.Running.Count > 0 ? observation.Running[0] : null);
        var runningIndex = running?.Table is { } rt ? IndexOf(rt) : -1;
        var lastWithData = -1;
        for (var i = 0; i < _manifest.Tables.Count; i++)
        {
            if (seen.TryGetValue(_manifest.Tables[i].Name, out var t) && HasData(t))
            {
                lastWithData = i;
            }
        }

        var frontier = Math.Max(runningIndex, lastWithData);
        var idle = observation.Running.Count == 0;
        var finished = lastWithData == _manifest.Tables.Count - 1 && idle && _idleLastTime;
        var tables = new List<TableProgress>(_manifest.Tables.Count);
        double loadedBytes = 0;
        long loadedRows = 0;
        for (var i = 0; i < _manifest.Tables.Count; i++)
        {
            var expected = _manifest.Tables[i];
            seen.TryGetValue(expected.Name, out var actual);
            var state = finished || i < frontier ? TableLoadState.Done : i == frontier ? TableLoadState.Loading : TableLoadState.Waiting;
            var fraction = state == TableLoadState.Done ? 1 : state == TableLoadState.Loading ? Best(expected, actual) : 0;
            loadedBytes += expected.Bytes * fraction;
            loadedRows += state == TableLoadState.Done ? expected.Rows : Math.Min(actual?.RowsEstimate ?? 0, expected.Rows);
            tables.Add(new TableProgress(expected.Name, state, (long)(expected.Bytes * fraction), expected.Bytes, actual?.RowsEstimate ?? 0, expected.Rows));
        }

        _idleLastTime = idle;
        var now = observation.At;
        Track(now, loadedBytes, loadedRows, running?.Text);
        var rate = Rate(now);
        var remaining = _manifest.TotalBytes - loadedBytes;
        TimeSpan? eta = !finished && rate > 0 ? TimeSpan.FromSeconds(remaining / rate) : null;
        TimeSpan? etaAverage = !finished && _start is { } s && loadedBytes > s.Bytes && now > s.At
            ? TimeSpan.FromSeconds(remaining / ((loadedBytes - s.Bytes) / (now - s.At).TotalSeconds))
            : null;
        TimeSpan? idleFor = !finished && _lastChange is { } changed && now > changed ? now - changed : null;
        return new ImportProgress(import, instance, instanceClass, tables, rate, eta, idleFor,
            running is null ? null : $"{ImportStatements.Shorten(running.Text)} ({Durations.Format(running.Running)})", stallAfter)
        {
            EtaAtAverage = etaAverage,
            RowsPerSecond = RowRate(now),
            BytesMeaning = _manifest.BytesMeaning,
        };
    }

    private int IndexOf(string table)
    {
        for (var i = 0; i < _manifest.Tables.Count; i++)
        {
            if (_manifest.Tables[i].Name == table)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool HasData(TableObservation t) => t.RowsEstimate > 0 || t.Bytes > EmptyTableBytes;

    private double Best(ManifestTable expected, TableObservation? actual)
    {
        var byRows = expected.Rows > 0 ? (double)(actual?.RowsEstimate ?? 0) / expected.Rows : 0;
        var byBytes = expected.Bytes > 0 && _manifest.BytesMeaning == ImportManifest.BytesFromDatabase ? (double)(actual?.Bytes ?? 0) / expected.Bytes : 0;
        var now = Math.Clamp(Math.Max(byRows, byBytes), 0, 1);
        var best = _best.GetValueOrDefault(expected.Name);
        // A table that lost more than half of what it had was dropped and is being loaded again.
        best = now < best / 2 ? now : Math.Max(best, now);
        _best[expected.Name] = best;
        return best;
    }

    private void Track(DateTimeOffset now, double bytes, long rows, string? statement)
    {
        if (_start is null && bytes > 0)
        {
            _start = (now, bytes);
        }

        if (_lastChange is null || bytes != _last.Bytes || rows != _last.Rows || statement != _last.Statement)
        {
            _lastChange = now;
        }

        _last = (bytes, rows, statement);
        _samples.Enqueue((now, bytes, rows));
        while (_samples.Count > 2 && now - _samples.Peek().At > _window)
        {
            _samples.Dequeue();
        }
    }

    private double Rate(DateTimeOffset now)
    {
        var first = _samples.Peek();
        return now > first.At ? (_last.Bytes - first.Bytes) / (now - first.At).TotalSeconds : 0;
    }

    private double RowRate(DateTimeOffset now)
    {
        var first = _samples.Peek();
        return now > first.At ? (_last.Rows - first.Rows) / (now - first.At).TotalSeconds : 0;
    }
}
