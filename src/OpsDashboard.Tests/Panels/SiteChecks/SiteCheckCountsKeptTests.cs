using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.History;
using OpsDashboard.Panels.SiteChecks;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Panels.SiteChecks;

/// <summary>The counts behind a site's SLO outlive a restart; many sites are first checked spread over their interval.</summary>
public sealed class SiteCheckCountsKeptTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 10, 12, 0, 20, TimeSpan.Zero);
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly TempDirectory _dir = new();

    private CancellationToken Token => _timeout.Token;

    public void Dispose()
    {
        _dir.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task A_source_restarted_over_the_same_history_carries_this_months_checks_on_and_its_stop_loses_none()
    {
        var site = new SiteCheckOptions { Name = "developer.mozilla.org", Group = "mdn", Url = "https://developer.mozilla.org/" };
        var options = new SiteChecksOptions { Sites = [site] };
        var clock = new FakeTimeProvider(T0);
        // Six checks 30 s apart, the first and third failing; the last ones come after the last minutely save, before the stop.
        var prober = new ScriptedProber(clock, up => up % 2 == 0 || up > 4);
        await RunAsync(options, clock, prober, checks: 6, beforeStop: async () =>
        {
            // Saved every minute while it runs: a crash would lose at most the last minute.
            await Eventually.HoldsAsync(() => KeptChecksAsync().GetAwaiter().GetResult() >= 4, Within, "the minutely saves keep the first 2 minutes", Token);
        });
        Assert.Equal(6, await KeptChecksAsync());

        clock.Advance(TimeSpan.FromSeconds(30));
        var after = await RunAsync(options, clock, prober, checks: 1);

        var availability = after.Sites[0].Availability;
        Assert.Equal(new CheckCounts(7, 2), availability.Month);
        Assert.Equal(new CheckCounts(7, 2), availability.OneHour);
        Assert.Equal(new CheckCounts(7, 2), availability.Day);
        // The month's budget is counted from the first kept minute (12:00), not from the restart.
        Assert.Equal(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(20), availability.MonthElapsed);
    }

    [Fact]
    public void A_ledger_tells_each_changed_slot_once_and_takes_kept_counts_back_adding_its_own()
    {
        var ledger = new AvailabilityLedger();
        ledger.Add(T0, up: true);
        ledger.Add(T0.AddSeconds(30), up: false);
        var changed = ledger.TakeChanged();
        Assert.Equal(2, changed.Count);
        Assert.All(changed, c => Assert.Equal((2L, 1L), (c.Checks, c.Failed)));
        Assert.Empty(ledger.TakeChanged());

        var restarted = new AvailabilityLedger();
        restarted.Add(T0.AddSeconds(35), up: true);
        restarted.Restore(changed);

        Assert.Equal(new CheckCounts(3, 1), restarted.Availability(T0.AddSeconds(40), 0.999).FiveMinutes);
        Assert.Equal(new CheckCounts(3, 1), restarted.Availability(T0.AddSeconds(40), 0.999).Month);
        Assert.All(restarted.TakeChanged(), c => Assert.Equal((3L, 1L), (c.Checks, c.Failed)));
    }

    [Fact]
    public async Task A_hundred_sites_are_first_checked_spread_over_their_interval_and_twenty_start_together()
    {
        var clock = new FakeTimeProvider(T0);
        var many = Sites(100);
        var prober = new ScriptedProber(clock, _ => true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = new HttpSiteChecksSource(new SiteChecksOptions { Sites = many }, clock, prober).RunAsync(new RecordingSink<SiteGroupChecks>(), stop.Token);

        var perStep = new List<int>();
        for (var second = 0; second <= 30; second++)
        {
            if (second > 0)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            var due = many.Count(s => HttpSiteChecksSource.FirstCheckAfter(s, many.IndexOf(s), many.Count) <= TimeSpan.FromSeconds(second));
            await Eventually.HoldsAsync(() => prober.First.Count == due, Within, $"{due} sites checked by {second} s", Token);
            perStep.Add(due - perStep.Sum());
        }

        Assert.Equal(100, prober.First.Count);
        Assert.InRange(perStep.Max(), 1, 4);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var few = Sites(20);
        Assert.All(few, s => Assert.Equal(TimeSpan.Zero, HttpSiteChecksSource.FirstCheckAfter(s, few.IndexOf(s), few.Count)));
    }

    private static List<SiteCheckOptions> Sites(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new SiteCheckOptions { Name = $"site-{i:000}", Group = $"g{i % 7}", Url = $"https://site-{i}.example/" })];

    /// <summary>Runs a source over the test's history file for <paramref name="checks"/> checks, one interval apart, then stops it.</summary>
    private async Task<SiteGroupChecks> RunAsync(SiteChecksOptions options, FakeTimeProvider clock, ScriptedProber prober, int checks, Func<Task>? beforeStop = null)
    {
        await using var database = new HistoryDatabase(new HistoryHealth(), TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new HistoryOptions()),
            new SqliteHistoryLocation(_dir.File("history.db")), NullLogger<HistoryDatabase>.Instance);
        var sink = new RecordingSink<SiteGroupChecks>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var run = new HttpSiteChecksSource(options, clock, prober, counts: new SlotCountState(database)).RunAsync(sink, stop.Token);
        SiteGroupChecks last = null!;
        for (var i = 0; i < checks; i++)
        {
            if (i > 0)
            {
                clock.Advance(options.Sites[0].Interval);
            }

            last = (await sink.NextAsync(Token)).Snapshot;
        }

        if (beforeStop is not null)
        {
            await beforeStop();
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        return last;
    }

    /// <summary>The checks of this hour kept in the history file, read as another process would.</summary>
    private async Task<long> KeptChecksAsync()
    {
        await using var store = await HistoryStore.OpenReaderAsync(_dir.File("history.db"), Token);
        return (await store.SlotCountsAsync(SiteChecksPanel.Kind, Token)).Where(c => c.Length == SlotLength.Hour).Sum(c => c.Total);
    }

    /// <summary>Answers at once, up or down by the count of checks so far; remembers when each site was first checked.</summary>
    private sealed class ScriptedProber(TimeProvider clock, Func<int, bool> up) : ISiteProber
    {
        private int _asked;

        public ConcurrentDictionary<string, DateTimeOffset> First { get; } = new();

        public Task<SiteProbeResult> ProbeAsync(SiteCheckOptions site, CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            First.TryAdd(site.Name, now);
            var ok = up(Interlocked.Increment(ref _asked));
            return Task.FromResult(new SiteProbeResult(now, ok, ok ? 200 : 503, new ProbePhases(null, null, null, null, TimeSpan.FromMilliseconds(80)), ok ? null : "HTTP 503"));
        }
    }
}
