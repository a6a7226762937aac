using System.Text.Json;
using Microsoft.Playwright;

namespace OpsDashboard.Benchmarks.WallSoak;

/// <summary>What the renderer of one page holds at one moment, after a garbage collection, through the DevTools protocol.</summary>
/// <param name="JsHeapUsedBytes">Performance.getMetrics' JSHeapUsedSize.</param>
/// <param name="DomNodes">Memory.getDOMCounters' nodes.</param>
/// <param name="Listeners">Memory.getDOMCounters' jsEventListeners.</param>
/// <param name="Documents">Memory.getDOMCounters' documents (1 unless something leaks frames or detached documents).</param>
/// <param name="Loads">Page loads after the first one (reloads, forced or not).</param>
/// <param name="Ticking">The page's clock moved in the last few seconds (pages without one: true).</param>
/// <param name="ViewsSeen">Distinct wall views (titles) shown since the previous sample.</param>
public sealed record PageSample(long JsHeapUsedBytes, long DomNodes, long Listeners, long Documents, int Loads, bool Ticking, int ViewsSeen);

/// <summary>
/// One page of the soak: a Playwright page with its own DevTools session, a counter of its loads, and a watcher that
/// reads the wall's title and clock every few seconds, to tell that the rotation moves and the page is live.
/// </summary>
public sealed class SoakPage : IAsyncDisposable
{
    private static readonly TimeSpan WatchEvery = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan TickingWithin = TimeSpan.FromSeconds(10);
    private readonly IPage _page;
    private readonly ICDPSession _devTools;
    private readonly HashSet<string> _views = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watching;
    private int _loads;
    private string? _clock;
    private long _clockChanged;

    private SoakPage(string name, string path, IPage page, ICDPSession devTools)
    {
        Name = name;
        Path = path;
        _page = page;
        _devTools = devTools;
        _clockChanged = TimeProvider.System.GetTimestamp();
        _page.Load += (_, _) => Interlocked.Increment(ref _loads);
        _watching = WatchAsync();
    }

    public string Name { get; }

    public string Path { get; }

    public bool HasClock { get; private set; }

    public static async Task<SoakPage> OpenAsync(IBrowserContext context, Uri baseUri, string name, string path)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(baseUri, path.TrimStart('/')).ToString());
        var devTools = await context.NewCDPSessionAsync(page);
        var soak = new SoakPage(name, path, page, devTools);
        soak.HasClock = await page.Locator("[data-heartbeat]").CountAsync() > 0;
        return soak;
    }

    /// <summary>Whether the clock (if any) has moved within the last few seconds.</summary>
    public bool IsTicking
    {
        get
        {
            lock (_lock)
            {
                return !HasClock || TimeProvider.System.GetElapsedTime(_clockChanged) < TickingWithin;
            }
        }
    }

    public async Task<PageSample> SampleAsync()
    {
        await _devTools.SendAsync("HeapProfiler.enable");
        await _devTools.SendAsync("HeapProfiler.collectGarbage");
        await _devTools.SendAsync("Performance.enable");
        var metrics = (await _devTools.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics")
            .EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble(), StringComparer.Ordinal);
        var counters = (await _devTools.SendAsync("Memory.getDOMCounters"))!.Value;
        int views;
        lock (_lock)
        {
            views = _views.Count;
            _views.Clear();
        }

        return new PageSample(
            (long)metrics["JSHeapUsedSize"],
            Long(counters, "nodes"),
            Long(counters, "jsEventListeners"),
            Long(counters, "documents"),
            Volatile.Read(ref _loads),
            IsTicking,
            views);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watching;
        _stop.Dispose();
        await _devTools.DetachAsync();
        await _page.CloseAsync();
    }

    private static long Long(JsonElement counters, string name) => (long)counters.GetProperty(name).GetDouble();

    private async Task WatchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(WatchEvery, TimeProvider.System, _stop.Token);
                var title = await _page.Locator(".wall-title").AllInnerTextsAsync();
                var clock = await _page.Locator("[data-heartbeat]").AllInnerTextsAsync();
                lock (_lock)
                {
                    foreach (var t in title)
                    {
                        _views.Add(t);
                    }

                    if (clock.Count > 0 && clock[0] != _clock)
                    {
                        _clock = clock[0];
                        _clockChanged = TimeProvider.System.GetTimestamp();
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (PlaywrightException)
            {
                // The page is between documents (a reload): read it again at the next turn.
            }
        }
    }
}
