using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using OpsDashboard.Reports;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports;

public sealed class ReportsPageTests
{
    private readonly FakeTimeProvider _clock = new(DashboardTestContext.Start);

    [Fact]
    public void Without_sections_the_page_says_how_to_configure_the_report()
    {
        using var context = Context(new ReportOptions());

        var page = context.Render<ReportsPage>();

        Assert.Contains("Dashboard:Reports:Sections", page.Find("[data-report-unconfigured]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-action='generate']"));
    }

    [Fact]
    public void A_configured_page_offers_the_last_week_up_to_now()
    {
        using var dir = new TempDirectory();
        var options = Builders.December2017.Options();
        options.StatePath = dir.File("state.json");
        using var context = Context(options);

        var page = context.Render<ReportsPage>();

        Assert.Equal("Pull requests merged from 2026-11-15 00:00:00 UTC (inclusive) to 2026-11-22 12:00:00 UTC (exclusive).", page.Find("[data-window-text]").TextContent);
        Assert.NotNull(page.Find("[data-action='generate']"));
    }

    private BunitContext Context(ReportOptions options)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(new ReportGenerator(Options.Create(options), _clock));
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
