using OpsDashboard.Pipeline;
using OpsDashboard.ScaleOut;
using Prometheus;

namespace OpsDashboard.Telemetry;

/// <summary>
/// The dashboard's own series on /metrics, read from the store and the circuit tally at scrape time so that nothing
/// on the update path pays for them. prometheus-net adds the .NET runtime and process series itself.
/// </summary>
public sealed class DashboardMetrics
{
    private static readonly Counter StoreUpdates = Metrics.CreateCounter(
        "opsdashboard_store_updates_total", "Changes applied to the panel store (its version); each is pushed to every subscriber.");

    private static readonly Gauge StoreSubscribers = Metrics.CreateGauge(
        "opsdashboard_store_subscribers", "Readers attached to the panel store's push stream: live pages showing tiles.");

    private static readonly Gauge CircuitsConnected = Metrics.CreateGauge(
        "opsdashboard_circuits_connected", "Blazor circuits with a live connection to a browser.");

    private static readonly Gauge CircuitsOpen = Metrics.CreateGauge(
        "opsdashboard_circuits_open", "Blazor circuits held by the server, including disconnected ones awaiting a reconnect.");

    private static readonly Gauge Leader = Metrics.CreateGauge(
        "opsdashboard_leader", "1 while this replica polls the upstreams and writes history (always, for a single replica); 0 on a scale-out follower.");

    private static readonly Counter TilesPublished = Metrics.CreateCounter(
        "opsdashboard_scaleout_tiles_published_total", "Scale-out: polled tiles this replica wrote to PostgreSQL for the followers while it led.");

    private static readonly Counter TilesApplied = Metrics.CreateCounter(
        "opsdashboard_scaleout_tiles_applied_total", "Scale-out: the leader's tiles this replica took into its store while it followed.");

    private readonly PanelStore _store;
    private readonly CircuitTally _circuits;
    private readonly ILeadership _leadership;
    private readonly SnapshotPublisher? _publisher;
    private readonly SnapshotFollower? _follower;

    public DashboardMetrics(PanelStore store, CircuitTally circuits, ILeadership leadership, SnapshotPublisher? publisher = null, SnapshotFollower? follower = null)
    {
        _store = store;
        _circuits = circuits;
        _leadership = leadership;
        _publisher = publisher;
        _follower = follower;
    }

    /// <summary>Reads the current figures into the series; registered to run before every scrape.</summary>
    public void Refresh()
    {
        StoreUpdates.IncTo(_store.Current.Version);
        StoreSubscribers.Set(_store.SubscriberCount);
        CircuitsConnected.Set(_circuits.Connected);
        CircuitsOpen.Set(_circuits.Open);
        Leader.Set(_leadership.IsLeader ? 1 : 0);
        TilesPublished.IncTo(_publisher?.Published ?? 0);
        TilesApplied.IncTo(_follower?.Applied ?? 0);
    }
}
