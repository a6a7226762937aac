using OpsDashboard.Pipeline;
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

    private readonly PanelStore _store;
    private readonly CircuitTally _circuits;

    public DashboardMetrics(PanelStore store, CircuitTally circuits)
    {
        _store = store;
        _circuits = circuits;
    }

    /// <summary>Reads the current figures into the series; registered to run before every scrape.</summary>
    public void Refresh()
    {
        StoreUpdates.IncTo(_store.Current.Version);
        StoreSubscribers.Set(_store.SubscriberCount);
        CircuitsConnected.Set(_circuits.Connected);
        CircuitsOpen.Set(_circuits.Open);
    }
}
