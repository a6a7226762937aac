namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// Checks and failures of one site counted by minute for the last 6 hours and by hour for the last 32 days: enough for
/// every SLO window (5 min to this month) in a few kilobytes per site, however long it runs. Windows of a day and more
/// are counted to the hour.
/// </summary>
public sealed class AvailabilityLedger
{
    private const int Minutes = (6 * 60) + 5;
    private const int Hours = 32 * 24;
    private readonly Bucket[] _minutes = new Bucket[Minutes];
    private readonly Bucket[] _hours = new Bucket[Hours];
    private DateTimeOffset? _first;

    public void Add(DateTimeOffset at, bool up)
    {
        _first ??= at;
        var minute = at.ToUnixTimeSeconds() / 60;
        Count(_minutes, minute, up);
        Count(_hours, minute / 60, up);
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
