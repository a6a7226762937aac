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
    private readonly List<CancellationTokenSource> _views = [];
    private readonly List<Task> _subscriptions = [];

    [Inject]
    public required PanelStore Store { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    protected StoreView View { get; private set; } = StoreView.Empty;

    protected DateTimeOffset Now { get; private set; }

    /// <summary>Cancelled when the page goes away: for reads of the page's own, such as a button's.</summary>
    protected CancellationToken Lifetime => _cts.Token;

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        await Task.WhenAll([_watching, _ticking, .. _subscriptions]).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var view in _views)
        {
            view.Dispose();
        }

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
    /// A token for the reads of what the page shows now (its range, its filters): the previous view's reads and
    /// subscriptions are cancelled, and this one's are cancelled with the page.
    /// </summary>
    protected CancellationToken NewView()
    {
        foreach (var view in _views)
        {
            view.Cancel();
        }

        _subscriptions.RemoveAll(t => t.IsCompleted);
        var source = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token);
        _views.Add(source);
        return source.Token;
    }

    /// <summary>
    /// While the page is interactive, applies what <paramref name="subscription"/> pushes (a live view's new rows) on the
    /// renderer's context and renders, until <paramref name="view"/> (from <see cref="NewView"/>) is cancelled.
    /// </summary>
    protected void Subscribe<T>(Func<CancellationToken, IAsyncEnumerable<T>> subscription, Action<T> apply, CancellationToken view)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(apply);
        if (RendererInfo.IsInteractive)
        {
            _subscriptions.Add(ConsumeAsync(subscription(view), apply, view));
        }
    }

    private async Task ConsumeAsync<T>(IAsyncEnumerable<T> items, Action<T> apply, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in items.WithCancellation(cancellationToken))
            {
                await InvokeAsync(() =>
                {
                    if (!cancellationToken.IsCancellationRequested)
                    {
                        apply(item);
                        StateHasChanged();
                    }
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
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
