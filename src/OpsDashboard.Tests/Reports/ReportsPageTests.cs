using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using OpsDashboard.Demo;
using OpsDashboard.Reports;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports;

public sealed class ReportsPageTests
{
    private readonly FakeTimeProvider _clock = new(DashboardTestContext.Start);

    [Fact]
    public void Without_sections_and_with_the_demo_off_the_page_says_how_to_configure_the_report()
    {
        using var context = Context(new ReportOptions(), DemoMode.Off);

        var page = context.Render<ReportsPage>();

        Assert.Contains("Dashboard:Reports:Sections", page.Find("[data-report-unconfigured]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-action='generate']"));
        Assert.Empty(page.FindAll("[data-report-demo]"));
    }

    [Fact]
    public void On_a_fresh_machine_the_page_makes_a_demo_post_labelled_DEMO_everywhere_through_the_real_template()
    {
        using var context = Context(new ReportOptions());

        var page = context.Render<ReportsPage>();
        Assert.Contains("DEMO", page.Find("[data-report-demo]").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-report-window]").GetAttribute("data-interactive")));
        page.Find("[data-action='generate']").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.Find("[data-markdown]").TextContent));

        var markdown = page.Find("[data-markdown]").TextContent;
        var lines = markdown.Split('\n');
        Assert.Equal("---", lines[0]);
        Assert.Contains("title: \"DEMO - SRE Status Report - November 22, 2026\"", lines);
        Assert.Contains("demo: true", lines);
        Assert.StartsWith("**DEMO**", lines.SkipWhile(l => l != "---").Skip(1).SkipWhile(l => l != "---").Skip(1).First(l => l.Length > 0), StringComparison.Ordinal);
        foreach (var heading in new[] { "### Bedrock", "### MDN", "### SUMO", "### Infra" })
        {
            Assert.Contains(heading, lines);
        }

        // The made-up PRs link only to a host that cannot resolve, never to a real PR or person on GitHub.
        Assert.Contains("- [Restart kumascript on crash loop with backoff](https://github.demo.invalid/mdn/kuma/pull/9003) ([@demo-chen](https://github.demo.invalid/demo-chen))", lines);
        Assert.DoesNotContain("https://github.com", markdown, StringComparison.Ordinal);
        Assert.Equal(
            "There were 10 PRs merged from November 15th - November 22nd, by 5 contributors in 4 repositories. 1 of these was from 1 first-time contributor: @demo-first-timer.",
            page.Find("[data-report-stats]").TextContent);

        var download = page.Find("[data-action='download']");
        Assert.Equal("2026-11-22-sre-status-DEMO.md", download.GetAttribute("download"));
        Assert.StartsWith("DEMO - ", page.Find("[data-preview-title]").TextContent, StringComparison.Ordinal);
        Assert.Contains("DEMO sample", page.Find("[data-report-source]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_report_is_never_a_demo_even_with_the_demo_always_on()
    {
        using var dir = new TempDirectory();
        var options = Builders.December2017.Options();
        options.StatePath = dir.File("state.json");
        using var context = Context(options, DemoMode.Always);

        var page = context.Render<ReportsPage>();

        Assert.Empty(page.FindAll("[data-report-demo]"));
        Assert.NotNull(page.Find("[data-action='generate']"));
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

    private BunitContext Context(ReportOptions options, DemoMode demo = DemoMode.Auto)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(new ReportGenerator(Options.Create(options), _clock));
        context.Services.AddSingleton(new OpsDashboard.Reports.Curation.ReportChoiceBook(null, _clock));
        context.Services.AddSingleton(Options.Create(new DemoOptions { Mode = demo }));
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
