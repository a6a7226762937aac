using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using OpsDashboard.History;
using OpsDashboard.Panels.Cdn;
using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Reports;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Tests.TestSupport;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Reports;

/// <summary>
/// The week's incidents read from a real history database's tile state rows, as the timeline recorder writes them; and
/// the demo post's figures: the demo fleet's own (its 503 episode a week before, its CDN), never the history's real samples.
/// </summary>
public sealed class ReportIncidentsTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly FakeTimeProvider _clock = new(DashboardTestContext.Start);

    public void Dispose()
    {
        _timeout.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Episodes_CRITICAL_or_ERROR_at_least_the_threshold_long_are_listed_clipped_to_the_window_linked_to_the_timeline_and_never_mixed_demo_with_real()
    {
        var history = await HistoryWithAsync(
            State("tokyo", TileStatus.Critical, "Kubernetes API unreachable", At(20, 0, 32), At(20, 0, 44), demo: true),
            State("oregon-b", TileStatus.Error, "kumascript crash loop", At(14, 23, 50), At(15, 0, 20), demo: true),
            State("frankfurt", TileStatus.Warning, "2 of 6 pods not ready", At(18, 1, 0), At(18, 3, 0), demo: true),
            State("oregon-a", TileStatus.Critical, "brief blip", At(19, 10, 0), At(19, 10, 3), demo: true),
            State("tokyo", TileStatus.Critical, "a real outage", At(21, 8, 0), At(21, 8, 30), demo: false),
            Change("demo-deploy", "tokyo", "bedrock-web rolled out abc → def", At(20, 0, 26), demo: true),
            Change("real-deploy", "tokyo", "bedrock-web rolled out 111 → 222", At(20, 0, 30), demo: false),
            Change("real-deploy-2", "tokyo", "bedrock-web rolled out 222 → 333", At(21, 7, 50), demo: false));
        var generator = new ReportGenerator(Options.Create(new ReportOptions()), _clock, history);
        var window = generator.Window(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 22));

        var real = await ReportIncidents.ReadAsync(history, window, TimeSpan.FromMinutes(5), demo: false, _timeout.Token);
        var demo = await generator.Demo().GenerateAsync(window, new Progress<ReportProgress>(), _timeout.Token);

        // A real post never lists the demo's incidents, even when the demo ran beside real sources.
        Assert.Equal(["tokyo 30 min"], real.Select(i => $"{i.Cluster} {ReportIncidents.Minutes(i.Duration)}"));
        // Each names the last change of its own fleet in its cluster within the hour before it.
        Assert.Equal("bedrock-web rolled out 222 → 333 10 min earlier in tokyo", real[0].After);
        Assert.Equal(["oregon-b", "tokyo"], demo.Report.Incidents.Select(i => i.Cluster));
        var lines = demo.Markdown.Split('\n');
        Assert.Contains("## Incidents", lines);
        Assert.Contains("- [oregon-b: kumascript crash loop, 20 min, Nov 15 00:00–00:20 UTC](/timeline?from=2026-11-15T00%3A00%3A00Z&to=2026-11-15T00%3A20%3A00Z&cluster=oregon-b)", lines);
        Assert.Contains("- [tokyo: Kubernetes API unreachable, 12 min, Nov 20 00:32–00:44 UTC, after bedrock-web rolled out abc → def 6 min earlier in tokyo](/timeline?from=2026-11-20T00%3A32%3A00Z&to=2026-11-20T00%3A44%3A00Z&cluster=tokyo)", lines);
        Assert.DoesNotContain("real outage", demo.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("pods not ready", demo.Markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("brief blip", demo.Markdown, StringComparison.Ordinal);

        using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var preview = context.Render<ReportPreview>(p => p.Add(c => c.Report, demo.Report).Add(c => c.Options, DemoReport.Options()));
        var links = preview.FindAll("[data-preview-incidents] a");
        Assert.Equal(["oregon-b: kumascript crash loop, 20 min, Nov 15 00:00–00:20 UTC", "tokyo: Kubernetes API unreachable, 12 min, Nov 20 00:32–00:44 UTC, after bedrock-web rolled out abc → def 6 min earlier in tokyo"], links.Select(a => a.TextContent));
        Assert.Equal(demo.Report.Incidents[1].TimelineHref, links[1].GetAttribute("href"));
    }

    [Fact]
    public async Task The_demo_post_shows_the_demo_fleets_figures_labelled_DEMO_on_the_page_and_in_the_post()
    {
        var history = new SqliteHistoryLocation(_dir.File("figures.db"));
        await using (var store = await history.OpenWriterAsync(_timeout.Token))
        {
            await store.AppendAsync([new HistorySample(new PanelKey(CdnPanel.Kind, "AWS", "real.example.org"), "hit_ratio", DashboardTestContext.Start.AddDays(-1), 0.5)], _timeout.Token);
        }

        var generator = new ReportGenerator(Options.Create(new ReportOptions()), _clock, history).Demo();
        var window = generator.Window(new DateOnly(2026, 11, 15), new DateOnly(2026, 11, 22));

        var demo = await generator.GenerateAsync(window, new Progress<ReportProgress>(), _timeout.Token);

        var lines = demo.Markdown.Split('\n');
        Assert.StartsWith("**DEMO**", lines.Single(l => l.StartsWith("**DEMO**", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("## Figures of the week", lines);
        // The rolling upgrade's 10 minutes of 503 a week before the demo's start: 20 of the 21,600 checks of 7.5 days.
        Assert.Contains("- developer.mozilla.org availability 99.90 % this week (20 of 21,600 checks failed)", lines);
        Assert.Contains("- support.mozilla.org availability 99.96 % this week (8 of 21,600 checks failed)", lines);
        Assert.Matches(@"^- CDN hit ratio \d+\.\d % this week \(mdn\.mozillademos\.org\)$", lines.Single(l => l.Contains("CDN hit ratio", StringComparison.Ordinal)));
        Assert.DoesNotContain("real.example.org", demo.Markdown, StringComparison.Ordinal);

        using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        var preview = context.Render<ReportPreview>(p => p.Add(c => c.Report, demo.Report).Add(c => c.Options, DemoReport.Options()));
        Assert.Contains("developer.mozilla.org availability 99.90 % this week (20 of 21,600 checks failed)", preview.FindAll("[data-preview-figures] li").Select(li => li.TextContent));
        Assert.StartsWith("DEMO - ", preview.Find("[data-preview-title]").TextContent, StringComparison.Ordinal);
    }

    private async Task<SqliteHistoryLocation> HistoryWithAsync(params TimelineEvent[] rows)
    {
        var location = new SqliteHistoryLocation(_dir.File("history.db"));
        await using var store = await location.OpenWriterAsync(_timeout.Token);
        await store.UpsertEventsAsync(rows, _timeout.Token);
        return location;
    }

    private static DateTimeOffset At(int day, int hour, int minute) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    private static TimelineEvent Change(string key, string cluster, string message, DateTimeOffset at, bool demo) =>
        new TimelineEventBuilder(key).Rollout(cluster, "bedrock-web", "rolled out", message).Info().At(at).Build() with { IsDemo = demo };

    private static TimelineEvent State(string cluster, TileStatus status, string message, DateTimeOffset from, DateTimeOffset until, bool demo) =>
        new(TimelineEvent.IdOf($"state/Pods/{cluster}/{from.ToUnixTimeMilliseconds()}"), from, TimelineKind.TileState, TileStates.SeverityOf(status),
            new PanelKey(PodsPanel.Kind, cluster, cluster), null, null, $"OK → {status.Word()}", message)
        {
            Until = until,
            State = status,
            IsDemo = demo,
        };
}
