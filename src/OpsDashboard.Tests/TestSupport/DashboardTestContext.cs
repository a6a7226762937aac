using Bunit;
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
        more?.Invoke(Services, Clock);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public FakeTimeProvider Clock { get; }

    public PanelStore Store { get; }
}
