namespace OpsDashboard.Panels.RdsImport;

/// <summary>
/// Turns successive observations of the target database into <see cref="ImportProgress"/>: which tables are done,
/// loading or waiting (in manifest load order), percent by bytes, throughput over a sliding window, ETAs at the
/// current and the average rate, and how long nothing has moved. InnoDB's row count moves with every insert while its
/// byte count moves only when statistics are recalculated, so each table's progress is the better of the two, and it
/// never goes backwards unless the table is recreated. "Finished" is only said when nothing of the import has run on two
/// polls and the last table loaded holds every row the manifest expects, counted exactly (<see cref="ToCount"/>); an
/// import that went quiet short of that with no client left in the schema has stopped.
/// </summary>
public sealed class ImportTracker
{
    private const long EmptyTableBytes = 64 * 1024;

    // A live manifest's rows are InnoDB estimates of the source, which can run this far above the table's real rows.
    private const double EstimatedRowsSlack = 0.9;
    private readonly ImportManifest _manifest;
    private readonly TimeSpan _window;
    private readonly Dictionary<string, double> _best = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Bytes, long Estimate, long Count)> _counted = new(StringComparer.Ordinal);
    private readonly Queue<(DateTimeOffset At, double Bytes, long Rows)> _samples = new();
    private (DateTimeOffset At, double Bytes)? _start;
    private DateTimeOffset? _lastChange;
    private DateTimeOffset? _firstSeen;
    private DateTimeOffset? _lastActive;
    private (double Bytes, long Rows, string? Statement) _last;
    private bool _idleLastTime;
    private bool _unattendedLastTime;

    public ImportTracker(ImportManifest manifest, TimeSpan window)
    {
        _manifest = manifest;
        _window = window;
    }

    /// <summary>
    /// The tables to count exactly before this observation is tracked: when nothing of the import ran on this poll and the
    /// last, the last table with data and those created after it (after a crash InnoDB may show a partly loaded table as
    /// empty), unless they were counted as they are now. Usually one or two tables, once: tables before the last one with
    /// data were loaded before it, in the dump's order.
    /// </summary>
    public IReadOnlyList<string> ToCount(ImportObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        if (observation.Running.Count > 0 || !_idleLastTime)
        {
            return [];
        }

        var seen = Seen(observation);
        var names = new List<string>();
        for (var i = Math.Max(LastWithData(seen), 0); i < _manifest.Tables.Count; i++)
        {
            var name = _manifest.Tables[i].Name;
            if (seen.TryGetValue(name, out var t) && Counted(t) is null)
            {
                names.Add(name);
            }
        }

        return names;
    }

    public ImportProgress Observe(ImportObservation observation, string import, string instance, string instanceClass, TimeSpan stallAfter)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var now = observation.At;
        _firstSeen ??= now;
        var seen = Seen(observation);
        foreach (var (name, count) in observation.CountedRows)
        {
            if (seen.TryGetValue(name, out var t))
            {
                _counted[name] = (t.Bytes, t.RowsEstimate, count);
            }
        }

        var running = observation.Running.FirstOrDefault(r => r.Table is not null && _manifest.Tables.Any(t => t.Name == r.Table)) ?? (observation.Running.Count > 0 ? observation.Running[0] : null);
        var runningIndex = running?.Table is { } rt ? IndexOf(rt) : -1;
        var lastWithData = LastWithData(seen);
        var frontier = Math.Max(runningIndex, lastWithData);
        var idle = observation.Running.Count == 0;
        var unattended = idle && observation.IdleConnections == 0;
        if (!unattended)
        {
            _lastActive = now;
        }

        var complete = new bool[_manifest.Tables.Count];
        for (var i = 0; i < complete.Length; i++)
        {
            complete[i] = Complete(i, lastWithData, seen);
        }

        var finished = idle && _idleLastTime && complete.All(c => c);
        var stopped = !finished && unattended && _unattendedLastTime && lastWithData >= 0;
        var tables = new List<TableProgress>(_manifest.Tables.Count);
        double loadedBytes = 0;
        long loadedRows = 0;
        for (var i = 0; i < _manifest.Tables.Count; i++)
        {
            var expected = _manifest.Tables[i];
            seen.TryGetValue(expected.Name, out var actual);
            var state = finished ? TableLoadState.Done
                : stopped ? complete[i] ? TableLoadState.Done : i <= frontier && actual is not null ? TableLoadState.Incomplete : TableLoadState.Waiting
                : i < frontier ? TableLoadState.Done : i == frontier ? TableLoadState.Loading : TableLoadState.Waiting;
            var fraction = state == TableLoadState.Done ? 1 : state == TableLoadState.Waiting ? 0 : Best(expected, actual);
            var rows = actual is null ? 0 : Counted(actual) ?? actual.RowsEstimate;
            loadedBytes += expected.Bytes * fraction;
            loadedRows += state == TableLoadState.Done ? expected.Rows : Math.Min(rows, expected.Rows);
            tables.Add(new TableProgress(expected.Name, state, (long)(expected.Bytes * fraction), expected.Bytes, rows, expected.Rows));
        }

        _idleLastTime = idle;
        _unattendedLastTime = unattended;
        Track(now, loadedBytes, loadedRows, running?.Text);
        TimeSpan? idleFor = !finished && _lastChange is { } changed && now > changed ? now - changed : null;
        // A stalled or stopped import has no current rate: the last one would read as live.
        var moving = !finished && !stopped && !(idleFor >= stallAfter);
        var rate = moving ? Rate(now) : 0;
        var remaining = _manifest.TotalBytes - loadedBytes;
        TimeSpan? eta = moving && rate > 0 ? TimeSpan.FromSeconds(remaining / rate) : null;
        TimeSpan? etaAverage = moving && _start is { } s && loadedBytes > s.Bytes && now > s.At
            ? TimeSpan.FromSeconds(remaining / ((loadedBytes - s.Bytes) / (now - s.At).TotalSeconds))
            : null;
        return new ImportProgress(import, instance, instanceClass, tables, rate, eta, idleFor,
            running is null ? null : $"{ImportStatements.Shorten(running.Text)} ({Durations.Format(running.Running)})", stallAfter)
        {
            EtaAtAverage = etaAverage,
            RowsPerSecond = moving ? RowRate(now) : 0,
            RateOver = moving && _samples.Count > 0 ? now - _samples.Peek().At : null,
            BytesMeaning = _manifest.BytesMeaning,
            NoProgressSince = idleFor is null ? null : _lastChange,
            StoppedSince = stopped ? _lastActive ?? _firstSeen : null,
            StoppedBeforeWatching = stopped && _lastActive is null,
            ClientConnected = observation.IdleConnections > 0 || !idle,
        };
    }

    /// <summary>
    /// The manifest's tables as seen, without those left over from an earlier import: a dump recreates its tables in
    /// order, so a table created before one that comes earlier in the manifest was not loaded by this import.
    /// </summary>
    private Dictionary<string, TableObservation> Seen(ImportObservation observation)
    {
        var seen = observation.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        DateTime? latest = null;
        foreach (var table in _manifest.Tables)
        {
            if (seen.TryGetValue(table.Name, out var t) && t.CreatedAt is { } created)
            {
                if (created < latest)
                {
                    seen.Remove(table.Name);
                }
                else
                {
                    latest = created;
                }
            }
        }

        return seen;
    }

    private int LastWithData(Dictionary<string, TableObservation> seen)
    {
        var last = -1;
        for (var i = 0; i < _manifest.Tables.Count; i++)
        {
            if (seen.TryGetValue(_manifest.Tables[i].Name, out var t) && (HasData(t) || Counted(t) > 0))
            {
                last = i;
            }
        }

        return last;
    }

    /// <summary>Loaded: present and before the last table with data, or counted at every row the manifest expects.</summary>
    private bool Complete(int index, int lastWithData, Dictionary<string, TableObservation> seen)
    {
        var expected = _manifest.Tables[index];
        if (!seen.TryGetValue(expected.Name, out var actual))
        {
            return false;
        }

        if (index < lastWithData || expected.Rows == 0)
        {
            return true;
        }

        var required = _manifest.RowsAreEstimates ? (long)(expected.Rows * EstimatedRowsSlack) : expected.Rows;
        return Counted(actual) >= required;
    }

    /// <summary>The exact count of a table, if it was counted as it is now (same bytes and estimate).</summary>
    private long? Counted(TableObservation table) =>
        _counted.TryGetValue(table.Name, out var c) && c.Bytes == table.Bytes && c.Estimate == table.RowsEstimate ? c.Count : null;

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
        var rows = actual is null ? 0 : Counted(actual) ?? actual.RowsEstimate;
        var byRows = expected.Rows > 0 ? (double)rows / expected.Rows : 0;
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
        // Less loaded than before means tables were dropped: a new import of the schema, observed afresh. Nothing loaded
        // yet is not part of the import either: the rate is never measured over more than the import so far.
        if (bytes < _last.Bytes || bytes == 0)
        {
            _samples.Clear();
            _start = null;
        }

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
        return now > first.At ? Math.Max(0, _last.Rows - first.Rows) / (now - first.At).TotalSeconds : 0;
    }
}
