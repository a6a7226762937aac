using Bunit;
using Bunit.Extensions.WaitForHelpers;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using OpsDashboard.History;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.TestSupport;

/// <summary>A bUnit context with MudBlazor, a fake clock, a store and a source catalog registered once.</summary>
public class DashboardTestContext : BunitContext
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public DashboardTestContext(params SourceInfo[] sources)
        : this(null, sources)
    {
    }

    /// <param name="more">Registers what a derived context adds, before anything is resolved.</param>
    /// <param name="sources">The sources the catalog lists.</param>
    protected DashboardTestContext(Action<IServiceCollection, FakeTimeProvider>? more, SourceInfo[] sources)
    {
        Clock = new FakeTimeProvider(Start);
        Store = new PanelStore(Clock);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(Store);
        Services.AddSingleton(new SourceCatalog(sources));
        Services.AddSingleton(new HistoryHealth());
        Services.AddSingleton(new OpsDashboard.Notifications.SilenceBook(null));
        Services.AddSingleton<OpsDashboard.ScaleOut.ILeadership>(new OpsDashboard.ScaleOut.SingleReplica());
        more?.Invoke(Services, Clock);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>
    /// Moves the fake clock a batch window at a time until <paramref name="assertion"/> passes. A page's reader arms its
    /// batch timer on a background continuation; a single advance can come before the timer exists and wake nothing.
    /// </summary>
    public void AdvanceUntil<TComponent>(IRenderedComponent<TComponent> page, Action assertion)
        where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var attempt = 0; ; attempt++)
        {
            Clock.Advance(PanelStore.BatchWindow);
            try
            {
                page.WaitForAssertion(assertion, TimeSpan.FromMilliseconds(200));
                return;
            }
            catch (WaitForFailedException) when (attempt < 50)
            {
            }
        }
    }

    public PanelStore Store { get; }
}
