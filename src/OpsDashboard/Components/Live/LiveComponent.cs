using Microsoft.AspNetCore.Components;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Components.Live;

/// <summary>
/// Base for pages that show tiles. While interactive it reads the store's push stream (at most ~10 renders a second)
/// and ticks once a second so ages stay true; it never calls an upstream. The reading tasks are cancelled and awaited
/// on dispose.
/// </summary>
public abstract class LiveComponent : ComponentBase, IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);
    private readonly CancellationTokenSource _cts = new();
    private Task _watching = Task.CompletedTask;
    private Task _ticking = Task.CompletedTask;
    private Task _following = Task.CompletedTask;

    [Inject]
    public required PanelStore Store { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected StoreView View { get; private set; } = StoreView.Empty;

    protected DateTimeOffset Now { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await Task.WhenAll(_watching, _ticking, _following).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void OnInitialized()
    {
        View = Store.Current;
        Now = Time.GetUtcNow();
        if (RendererInfo.IsInteractive)
        {
            _watching = WatchAsync(_cts.Token);
            _ticking = TickAsync(_cts.Token);
        }
    }

    /// <summary>
    /// Starts a reading loop of the page's own while it is interactive (e.g. following new timeline rows); it is
    /// cancelled and awaited with the others when the page goes away.
    /// </summary>
    protected void Follow(Func<CancellationToken, Task> loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        if (RendererInfo.IsInteractive)
        {
            _following = loop(_cts.Token);
        }
    }

    /// <summary>Called once a second on the renderer's context, before the tick renders; for rotation and the like.</summary>
    protected virtual void OnTick()
    {
    }

    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var view in Store.WatchAsync(cancellationToken))
            {
                await InvokeAsync(() =>
                {
                    View = view;
                    Now = Time.GetUtcNow();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await InvokeAsync(() =>
                {
                    Now = Time.GetUtcNow();
                    OnTick();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
