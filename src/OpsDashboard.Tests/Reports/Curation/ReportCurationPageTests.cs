using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using OpsDashboard.Cli;
using OpsDashboard.History;
using OpsDashboard.Reports;
using OpsDashboard.Reports.Curation;
using OpsDashboard.Tests.Reports.Git;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Tests.Reports.Curation;

/// <summary>
/// Curation on the Reports page against a real git clone and a real SQLite history: what is chosen remakes the post at
/// once, is there again after a restart, and the downloaded choices make the same post from the CLI.
/// </summary>
public sealed class ReportCurationPageTests : InfraHistoryTest
{
    [Fact]
    public async Task Choices_remake_the_post_at_once_are_read_back_after_a_restart_and_make_the_same_post_from_the_CLI()
    {
        string markdown;
        string choicesFile;
        await using (var database = TestHistory.Database(Dir.Path, new HistoryHealth(), Clock))
        {
            using var context = Context(database);
            var page = Generate(context);
            Assert.Equal(["mozmeao/infra#657", "mozmeao/infra#665", "mozmeao/infra#664", "mozmeao/infra#670"], page.FindAll("[data-candidate]").Select(r => r.GetAttribute("data-candidate")));
            Assert.Equal("out: a bot", page.Find("[data-why='mozmeao/infra#670']").TextContent);
            Assert.Equal("false", page.Find("[data-candidate='mozmeao/infra#670']").GetAttribute("data-included"));

            page.Find("[data-include='mozmeao/infra#664']").Change(false);
            page.WaitForAssertion(() => Assert.DoesNotContain("/pull/664", Markdown(page), StringComparison.Ordinal));
            page.Find("[data-highlight='mozmeao/infra#664']").Change(true);
            page.Find("[data-highlight='mozmeao/infra#657']").Change(true);
            page.Find("[data-move='mozmeao/infra#665']").Change("MDN");
            page.Find("[data-include='mozmeao/infra#670']").Change(true);
            page.WaitForAssertion(() => Assert.Contains("### MDN", Markdown(page).Split('\n')));
            page.Find("[data-collapse='SRE general']").Change(true);
            page.WaitForAssertion(() => Assert.Contains("and 1 more in mozmeao/infra", Markdown(page), StringComparison.Ordinal));

            var lines = Markdown(page).Split('\n');
            Assert.Equal(
                [
                    "### SRE general",
                    "",
                    "- **[Provision a small RDS MySQL instance for SUMO dev](https://github.com/mozmeao/infra/pull/657)** ([@metadave](https://github.com/metadave))",
                    "- [and 1 more in mozmeao/infra](https://github.com/mozmeao/infra/pulls?q=is%3Apr%20is%3Amerged%20merged%3A2017-11-14..2017-12-05)",
                    "",
                    "### MDN",
                    "",
                    "- [increase threshold of failure for liveness/readiness probes](https://github.com/mozmeao/infra/pull/665) ([@escattone](https://github.com/escattone))",
                ],
                lines.SkipWhile(l => l != "### SRE general").TakeWhile(l => l != "## Links").SkipLast(1));
            Assert.DoesNotContain("/pull/664", Markdown(page), StringComparison.Ordinal);
            Assert.StartsWith("There were 3 PRs merged", page.Find("[data-report-stats]").TextContent, StringComparison.Ordinal);
            Assert.Equal("in, though a bot", page.Find("[data-why='mozmeao/infra#670']").TextContent);
            page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-choices-kept]").GetAttribute("data-choices-kept")));
            markdown = Markdown(page);
            choicesFile = Uri.UnescapeDataString(page.Find("[data-action='download-choices']").GetAttribute("href")!.Split(',', 2)[1]);
            Assert.Equal("2017-12-05-sre-status.choices.json", page.Find("[data-action='download-choices']").GetAttribute("download"));
        }

        // A restart: a new database connection and page on the same file, the same window generated again.
        await using (var database = TestHistory.Database(Dir.Path, new HistoryHealth(), Clock))
        {
            using var context = Context(database);
            var page = Generate(context);

            Assert.Equal(markdown, Markdown(page));
            Assert.True(((AngleSharp.Html.Dom.IHtmlInputElement)page.Find("[data-highlight='mozmeao/infra#657']")).IsChecked);
            Assert.Contains("Choices for 2017-11-14..2017-12-05 as a signed-in user saved them", page.Find("[data-choices-kept]").TextContent, StringComparison.Ordinal);
        }

        var file = Dir.File("choices.json");
        await File.WriteAllTextAsync(file, choicesFile, Timeout.Token);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await ReportCommand.RunAsync(["--from", "2017-11-14", "--to", "2017-12-05", "--out", Dir.File("_posts"), "--choices", file, .. Settings()], output, error, Clock, Timeout.Token);

        Assert.True(exit == 0, error.ToString());
        Assert.Equal(markdown, await File.ReadAllTextAsync(Path.Combine(Dir.File("_posts"), "2017-12-05-sre-status.md"), Timeout.Token));
    }

    [Fact]
    public void Without_history_the_page_still_curates_and_says_its_choices_are_not_kept()
    {
        using var context = Context(null);
        var page = Generate(context);

        page.Find("[data-include='mozmeao/infra#657']").Change(false);

        page.WaitForAssertion(() => Assert.DoesNotContain("/pull/657", Markdown(page), StringComparison.Ordinal));
        Assert.Equal("false", page.Find("[data-choices-kept]").GetAttribute("data-choices-kept"));
        Assert.Contains("Download them as a file", page.Find("[data-choices-kept]").TextContent, StringComparison.Ordinal);
    }

    private static string Markdown(IRenderedComponent<ReportsPage> page) => page.Find("[data-markdown]").TextContent;

    private static IRenderedComponent<ReportsPage> Generate(BunitContext context)
    {
        var page = context.Render<ReportsPage>();
        page.Find("input[data-field=from]").Change("2017-11-14");
        page.Find("input[data-field=to]").Change("2017-12-05");
        page.Find("button[data-action=generate]").Click();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-candidate]")), TimeSpan.FromSeconds(30));
        return page;
    }

    private ReportOptions Options()
    {
        var options = InfraHistory.Options(Repo.Path);
        options.Sections = [new() { Name = "SRE general", Repos = ["mozmeao/infra"] }, new() { Name = "MDN", Labels = ["mdn"] }];
        options.StatePath = Dir.File("state.json");
        return options;
    }

    private string[] Settings() =>
    [
        "--Dashboard:Reports:Team=MozMEAO SRE",
        "--Dashboard:Reports:Author=Dave Parfitt",
        "--Dashboard:Reports:Source=Git",
        "--Dashboard:Reports:Sections:0:Name=SRE general",
        "--Dashboard:Reports:Sections:0:Repos:0=mozmeao/infra",
        "--Dashboard:Reports:Sections:1:Name=MDN",
        "--Dashboard:Reports:Sections:1:Labels:0=mdn",
        "--Dashboard:Reports:Links:0:Title=Github project tracking SRE work",
        "--Dashboard:Reports:Links:0:Url=https://github.com/mozmar/infra/projects/2",
        "--Dashboard:Reports:Links:1:Title=How MozMEAO SRE's work",
        "--Dashboard:Reports:Links:1:Url=https://github.com/mozmar/infra/blob/master/docs/how_we_work.md",
        "--Dashboard:Reports:Git:Repositories:0:Repo=mozmeao/infra",
        $"--Dashboard:Reports:Git:Repositories:0:Path={Repo.Path}",
        $"--Dashboard:Reports:StatePath={Dir.File("cli-state.json")}",
    ];

    private BunitContext Context(HistoryDatabase? database)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(new ReportGenerator(Microsoft.Extensions.Options.Options.Create(Options()), Clock));
        context.Services.AddSingleton(new ReportChoiceBook(database, Clock));
        context.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new OpsDashboard.Demo.DemoOptions()));
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return context;
    }
}
