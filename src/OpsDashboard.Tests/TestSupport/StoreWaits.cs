using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.TestSupport;

public static class StoreWaits
{
    /// <summary>Awaits the store's change signal until the view satisfies <paramref name="condition"/>; no polling, no sleeps.</summary>
    public static async Task<StoreView> WaitForAsync(this PanelStore store, Func<StoreView, bool> condition, CancellationToken cancellationToken)
    {
        var view = store.Current;
        while (!condition(view))
        {
            view = await store.NextAsync(view.Version, cancellationToken);
        }

        return view;
    }
}
