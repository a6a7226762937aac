using OpsDashboard.Pipeline;
using Prometheus;

namespace OpsDashboard.Telemetry;

/// <summary>
/// Every tile on /metrics, read from the store at scrape time, so the team's own Prometheus can alert on what the
/// dashboard sees: <c>opsdashboard_tile_status</c> is the tile's <see cref="TileStatus"/> by its pinned number (0 waiting,
/// 1 ok, 2 warning, 3 critical, 4 stale, 5 error) and <c>opsdashboard_tile_data_age_seconds</c> how old its data is
/// (absent while the tile has none). Labels: cluster (or AWS), panel (its slug), target.
/// </summary>
public sealed class TileMetrics
{
    public const string StatusName = "opsdashboard_tile_status";

    public const string AgeName = "opsdashboard_tile_data_age_seconds";

    private static readonly string[] Labels = ["cluster", "panel", "target"];

    private readonly PanelStore _store;
    private readonly TimeProvider _time;
    private readonly Gauge _status;
    private readonly Gauge _age;

    public TileMetrics(PanelStore store, TimeProvider time, IMetricFactory? factory = null)
    {
        _store = store;
        _time = time;
        factory ??= Metrics.DefaultFactory;
        _status = factory.CreateGauge(StatusName,
            "The tile's status: 0 waiting, 1 ok, 2 warning, 3 critical, 4 stale (data past its limit), 5 error (its source is failing).",
            new GaugeConfiguration { LabelNames = Labels });
        _age = factory.CreateGauge(AgeName,
            "Age of the tile's data: seconds since its source last read it; absent while the tile has no data.",
            new GaugeConfiguration { LabelNames = Labels });
    }

    /// <summary>Reads every tile into the series; registered to run before every scrape.</summary>
    public void Refresh()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, entry) in _store.Current.Tiles)
        {
            string[] labels = [key.Group, key.Panel.Slug, key.Target];
            _status.WithLabels(labels).Set((int)entry.StatusAt(now));
            if (entry.AgeAt(now) is { } age)
            {
                _age.WithLabels(labels).Set(Math.Max(0, age.TotalSeconds));
            }
            else
            {
                _age.RemoveLabelled(labels);
            }
        }
    }
}
