using OpsDashboard.History;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// Checks and failures of one site counted by minute for the last 6 hours and by hour for the last 32 days: enough for
/// every SLO window (5 min to this month) in a few kilobytes per site, however long it runs. Windows of a day and more
/// are counted to the hour. The slots a check changed are told once (<see cref="TakeChanged"/>) to be kept in the
/// history database, and read back (<see cref="Restore"/>) when the source starts again.
/// </summary>
public sealed class AvailabilityLedger
{
    public const int Minutes = (6 * 60) + 5;
    public const int Hours = 32 * 24;
    private readonly Bucket[] _minutes = new Bucket[Minutes];
    private readonly Bucket[] _hours = new Bucket[Hours];
    private readonly HashSet<(SlotLength Length, long Slot)> _changed = [];
    private DateTimeOffset? _first;

    public void Add(DateTimeOffset at, bool up)
    {
        _first ??= at;
        var minute = at.ToUnixTimeSeconds() / 60;
        Count(_minutes, minute, up);
        Count(_hours, minute / 60, up);
        _changed.Add((SlotLength.Minute, minute));
        _changed.Add((SlotLength.Hour, minute / 60));
    }

    /// <summary>
    /// Takes back counts kept from an earlier run; a slot that already counted checks of this run adds them to the
    /// kept ones (the run restarted within a minute). Slots older than the ledger holds are left out.
    /// </summary>
    public void Restore(IEnumerable<(SlotLength Length, long Slot, long Checks, long Failed)> kept)
    {
        ArgumentNullException.ThrowIfNull(kept);
        foreach (var (length, slot, checks, failed) in kept)
        {
            var buckets = length == SlotLength.Minute ? _minutes : _hours;
            ref var bucket = ref buckets[slot % buckets.Length];
            if (bucket.Slot > slot && bucket.Checks > 0)
            {
                continue;
            }

            var (ownChecks, ownFailed) = bucket.Slot == slot ? (bucket.Checks, bucket.Failed) : (0, 0);
            bucket = new Bucket(slot, (int)checks + ownChecks, (int)failed + ownFailed);
            if (ownChecks > 0)
            {
                _changed.Add((length, slot));
            }

            var from = DateTimeOffset.FromUnixTimeSeconds(slot * (length == SlotLength.Minute ? 60 : 3600));
            if (_first is not { } first || from < first)
            {
                _first = from;
            }
        }
    }

    /// <summary>Slots taken by <see cref="TakeChanged"/> that could not be written: they are told again next time.</summary>
    public void Untake(IEnumerable<(SlotLength Length, long Slot, long Checks, long Failed)> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        foreach (var (length, slot, _, _) in taken)
        {
            _changed.Add((length, slot));
        }
    }

    /// <summary>The slots changed since the last call, with their counts now: what to write to the history database.</summary>
    public IReadOnlyList<(SlotLength Length, long Slot, long Checks, long Failed)> TakeChanged()
    {
        var changed = new List<(SlotLength, long, long, long)>(_changed.Count);
        foreach (var (length, slot) in _changed)
        {
            var bucket = (length == SlotLength.Minute ? _minutes : _hours)[slot % (length == SlotLength.Minute ? Minutes : Hours)];
            if (bucket.Slot == slot)
            {
                changed.Add((length, slot, bucket.Checks, bucket.Failed));
            }
        }

        _changed.Clear();
        return changed;
    }

    public SiteAvailability Availability(DateTimeOffset now, double objective)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        var hour = minute / 60;
        var monthStart = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new SiteAvailability(
            objective,
            Sum(_minutes, minute, 5),
            Sum(_minutes, minute, 30),
            Sum(_minutes, minute, 60),
            Sum(_minutes, minute, 360),
            Sum(_hours, hour, 24),
            Sum(_hours, hour, 24 * 7),
            Sum(_hours, hour, (int)(hour - (monthStart.ToUnixTimeSeconds() / 3600)) + 1))
        {
            MonthElapsed = now - (_first is { } first && first > monthStart ? first : monthStart),
            MonthLength = monthStart.AddMonths(1) - monthStart,
        };
    }

    private static void Count(Bucket[] buckets, long slot, bool up)
    {
        ref var bucket = ref buckets[slot % buckets.Length];
        if (bucket.Slot != slot)
        {
            bucket = new Bucket(slot, 0, 0);
        }

        bucket = bucket with { Checks = bucket.Checks + 1, Failed = bucket.Failed + (up ? 0 : 1) };
    }

    /// <summary>The last <paramref name="count"/> slots up to and including <paramref name="current"/>.</summary>
    private static CheckCounts Sum(Bucket[] buckets, long current, int count)
    {
        long checks = 0, failed = 0;
        for (var slot = current - Math.Min(count, buckets.Length) + 1; slot <= current; slot++)
        {
            var bucket = buckets[slot % buckets.Length];
            if (bucket.Slot == slot)
            {
                checks += bucket.Checks;
                failed += bucket.Failed;
            }
        }

        return new CheckCounts(checks, failed);
    }

    private readonly record struct Bucket(long Slot, int Checks, int Failed);
}
