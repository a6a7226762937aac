using OpsDashboard.History;

namespace OpsDashboard.Panels.SiteChecks;

/// <summary>
/// The memory of one site's checks: its state, which changes only after <see cref="SiteCheckOptions.Retries"/>
/// consecutive results agree (a site flapping between 200 and 503 never flaps its tile), its down episodes, recent
/// timings, last failure and the counts behind its SLO. Fed by one check loop; read under its lock.
/// </summary>
public sealed class SiteCheckTracker(SiteCheckOptions site)
{
    /// <summary>Checks kept for the latency graph: an hour at a 30 s interval.</summary>
    public const int RecentChecks = 120;
    private const int MaxEpisodes = 50;
    private static readonly TimeSpan EpisodesKept = TimeSpan.FromDays(7);
    private readonly Lock _lock = new();
    private readonly AvailabilityLedger _ledger = new();
    private readonly Queue<LatencySample> _recent = new(RecentChecks);
    private readonly List<DownEpisode> _episodes = [];
    private SiteState _state = SiteState.Unknown;
    private DateTimeOffset? _since;
    private bool _streakUp;
    private int _streak;
    private DateTimeOffset _streakStart;
    private SiteProbeResult? _last;
    private SiteProbeResult? _lastFailure;

    public SiteCheckOptions Site => site;

    public void Record(SiteProbeResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_lock)
        {
            _ledger.Add(result.At, result.Up);
            if (_recent.Count == RecentChecks)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(LatencySample.Of(result));
            _last = result;
            if (!result.Up)
            {
                _lastFailure = result;
            }

            if (_streak == 0 || _streakUp != result.Up)
            {
                _streakUp = result.Up;
                _streak = 0;
                _streakStart = result.At;
            }

            var agrees = _state == (result.Up ? SiteState.Up : SiteState.Down);
            _streak = agrees ? 0 : _streak + 1;
            if (!agrees && _streak >= site.Retries)
            {
                Change(result.Up ? SiteState.Up : SiteState.Down, result);
            }

            _episodes.RemoveAll(e => e.To is { } to && to < result.At - EpisodesKept);
            if (_episodes.Count > MaxEpisodes)
            {
                _episodes.RemoveAt(0);
            }
        }
    }

    private void Change(SiteState state, SiteProbeResult result)
    {
        if (state == SiteState.Down)
        {
            _episodes.Add(new DownEpisode(_streakStart, null, result.Error ?? "failed"));
        }
        else if (_episodes.Count > 0 && _episodes[^1].To is null)
        {
            _episodes[^1] = _episodes[^1] with { To = _streakStart };
        }

        _state = state;
        _since = _streakStart;
        _streak = 0;
    }

    /// <summary>Takes back the SLO counts an earlier run kept (<see cref="AvailabilityLedger.Restore"/>).</summary>
    public void RestoreCounts(IEnumerable<(SlotLength Length, long Slot, long Checks, long Failed)> kept)
    {
        lock (_lock)
        {
            _ledger.Restore(kept);
        }
    }

    /// <summary>The SLO counts changed since the last call, to be kept.</summary>
    public IReadOnlyList<(SlotLength Length, long Slot, long Checks, long Failed)> TakeChangedCounts()
    {
        lock (_lock)
        {
            return _ledger.TakeChanged();
        }
    }

    /// <summary>SLO counts taken by <see cref="TakeChangedCounts"/> that could not be kept: taken again next time.</summary>
    public void UntakeCounts(IEnumerable<(SlotLength Length, long Slot, long Checks, long Failed)> taken)
    {
        lock (_lock)
        {
            _ledger.Untake(taken);
        }
    }

    public SiteCheck Snapshot(DateTimeOffset now)
    {
        lock (_lock)
        {
            return new SiteCheck(site.Name, site.Url, _state, _since, site.Retries, _streak, _ledger.Availability(now, site.Objective))
            {
                Last = _last,
                LastFailure = _lastFailure,
                Recent = [.. _recent],
                Episodes = [.. _episodes],
                ObservedAt = now,
            };
        }
    }
}
