using System.Diagnostics;
using AngleSharp.Dom;
using Bunit;
using Bunit.Extensions.WaitForHelpers;
using Microsoft.Extensions.Hosting;
using OpsDashboard.Components.Pages;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Faults;

/// <summary>
/// The real pipeline of a fault test: real sources against real servers or fakes, each run by its collector into the
/// store, and the overview page as bUnit renders it for the person at the dashboard, all on one fake clock. A fault
/// test asserts what the tiles show, not what a source reported.
/// </summary>
public sealed class FaultWall : IAsyncDisposable
{
    /// <summary>How long (real time) a wait on an awaited signal may take before the test gives up on it.</summary>
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(90);

    /// <summary>How many clock steps a fault may take to show: fake time, the same on any machine.</summary>
    public const int MaxSteps = 1_000;

    /// <summary>Real time after which a wall that never shows what it should is taken for hung (not a deadline for slow machines).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    private readonly DashboardTestContext _context = new();
    private readonly List<IHostedService> _services = [];
    private readonly List<Func<bool>> _holds = [];
    private readonly CancellationTokenSource _stop = new();
    private IRenderedComponent<Overview>? _page;

    public static DateTimeOffset Start => DashboardTestContext.Start;

    public Microsoft.Extensions.Time.Testing.FakeTimeProvider Clock => _context.Clock;

    public PanelStore Store => _context.Store;

    /// <summary>What the collectors logged, stack traces included.</summary>
    public RecordingLogger Log { get; } = new();

    /// <summary>The overview as a browser shows it, rendered on first use and live from then on.</summary>
    public IRenderedComponent<Overview> Page => _page ??= _context.Render<Overview>();

    /// <summary>Runs <paramref name="source"/> as the app does: its collector feeds the store, restarting it if it throws.</summary>
    public Task CollectAsync<TSnapshot>(IPanelSource<TSnapshot> source)
        where TSnapshot : PanelSnapshot =>
        RunAsync(new SourceCollector<TSnapshot>(source, Store, Clock, Log.For<SourceCollector<TSnapshot>>()));

    /// <summary>Starts a hosted service of the app (the Kubernetes fleet, the CloudWatch refresh) and stops it at the end.</summary>
    public async Task RunAsync(IHostedService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        await service.StartAsync(_stop.Token);
        _services.Add(service);
    }

    /// <summary>
    /// Keeps the clock from moving (<see cref="AdvanceUntil"/>, <see cref="MoveClockTo"/>) while <paramref name="busy"/>
    /// holds: real work under way, such as a request on its way, that fake time must not overtake on a loaded machine.
    /// </summary>
    public void HoldClockWhile(Func<bool> busy) => _holds.Add(busy);

    /// <summary>
    /// Moves the fake clock <paramref name="step"/> at a time until the rendered page passes <paramref name="assertion"/>.
    /// Sources arm their timers (backoff, poll interval, debounce) on background continuations; stepping, rather than one
    /// jump, wakes each timer whenever it comes to exist. The limit is the number of steps, i.e. fake time: a loaded
    /// machine makes the test slower, not red. Real time only guards against a hang (<see cref="Within"/>).
    /// </summary>
    public void AdvanceUntil(TimeSpan step, Action assertion, int maxSteps = MaxSteps)
    {
        var page = Page;
        var waited = Stopwatch.StartNew();
        for (var steps = 0; ; steps++)
        {
            try
            {
                // bUnit re-checks the assertion at every render the step causes: the wait ends on the event, or after
                // 150 ms without it, when the clock moves on.
                page.WaitForAssertion(assertion, TimeSpan.FromMilliseconds(150));
                return;
            }
            catch (WaitForFailedException) when (steps < maxSteps && waited.Elapsed < HangGuard)
            {
            }

            Clock.Advance(WhenUnheld(step));
        }
    }

    /// <summary>Sets the fake clock to <paramref name="now"/> at once, once nothing holds it (<see cref="HoldClockWhile"/>).</summary>
    public void MoveClockTo(DateTimeOffset now) => Clock.SetUtcNow(WhenUnheld(now));

    private T WhenUnheld<T>(T move) =>
        SpinWait.SpinUntil(() => !_holds.Exists(busy => busy()), HangGuard)
            ? move
            : throw new TimeoutException($"Real work held the clock for {HangGuard}: a request that never ends?");

    /// <summary>The tile of <paramref name="key"/> as rendered now.</summary>
    public TileView Tile(PanelKey key) => new(Page.Find($"[data-tile='{key}']"));

    /// <summary>Whether the page shows a tile for <paramref name="key"/> at all.</summary>
    public bool Shows(PanelKey key) => Page.FindAll($"[data-tile='{key}']").Count > 0;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var service in Enumerable.Reverse(_services))
        {
            await service.StopAsync(CancellationToken.None);
            (service as IDisposable)?.Dispose();
        }

        await _context.DisposeAsync();
        _stop.Dispose();
    }
}

/// <summary>What one rendered tile says: the words a person reads on it.</summary>
public sealed record TileView(IElement Element)
{
    public string Status => Element.GetAttribute("data-status") ?? "";

    public string Headline => Element.QuerySelector(".tile-headline")?.TextContent ?? "";

    public string? Why => Element.QuerySelector(".tile-why")?.TextContent;

    /// <summary>The error or stale line under the headline, with "(since HH:mm UTC)"; null when the tile has none.</summary>
    public string? Fault => Element.QuerySelector(".tile-fault")?.TextContent;

    /// <summary>"updated 3 s ago" for fresh data, "data from 2 min ago" for data that cannot be vouched for.</summary>
    public string Age => Element.QuerySelector("[data-age]")?.TextContent ?? "";

    public string Facts => Element.QuerySelector(".tile-facts")?.TextContent ?? "";

    public override string ToString() => $"{Status}: {Headline} | {Why} | {Fault} | {Age}";
}
