using OpsDashboard.Panels.Pods;
using OpsDashboard.Pipeline;
using OpsDashboard.Tests.Builders;
using OpsDashboard.Timeline;

namespace OpsDashboard.Tests.Timeline;

public sealed class PostmortemWriterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly TriageQuery Query = new() { Range = null, From = T0, To = T0.AddMinutes(30), Cluster = "oregon-b" };

    private static IReadOnlyList<TimelineEvent> Rows =>
    [
        new TimelineEventBuilder("s1").In("oregon-b").TileState("OK → CRITICAL", TileStatus.Critical).Critical().At(T0.AddMinutes(12), T0.AddMinutes(16))
            .Says("OK → CRITICAL", "44 / 45 ready; mdn-prod/kumascript: CrashLoopBackOff (last exit: OOMKilled)").Build(),
        new TimelineEventBuilder("e1").In("oregon-b").About("mdn-prod", "Pod/kumascript-5c4b-q8x7z", "Deployment/kumascript").Critical().At(T0.AddMinutes(12).AddSeconds(5), T0.AddMinutes(16))
            .Says("BackOff", "Back-off restarting failed container kumascript | in pod kumascript-5c4b-q8x7z", 9).Build(),
        new TimelineEventBuilder("s2").In("oregon-b").TileState("CRITICAL → OK", TileStatus.Ok).Info().At(T0.AddMinutes(16)).Says("CRITICAL → OK", "45 / 45 ready").Build(),
    ];

    [Fact]
    public void The_export_says_what_was_red_for_how_long_and_lists_every_row_as_a_table()
    {
        var markdown = PostmortemWriter.Write(Query, new PostmortemRows(Rows, 3, []), "http://dash/timeline?from=x", T0.AddHours(1));

        Assert.StartsWith("# Incident timeline: oregon-b, 2026-11-22 12:00 – 12:30 UTC\n", markdown, StringComparison.Ordinal);
        Assert.Contains("Filters: cluster oregon-b. All times are UTC. [The same view in the dashboard](http://dash/timeline?from=x).", markdown, StringComparison.Ordinal);
        Assert.Contains("- **oregon-b · Pod readiness** CRITICAL from 12:12:00 to 12:16:00 (4 min): 44 / 45 ready;", markdown, StringComparison.Ordinal);
        Assert.Contains("- Events: BackOff ×9", markdown, StringComparison.Ordinal);
        Assert.Contains("| 12:12:05 | critical | oregon-b · mdn-prod · Pod/kumascript-5c4b-q8x7z | BackOff ×9 (until 12:16:00) | Back-off restarting failed container kumascript \\| in pod kumascript-5c4b-q8x7z |", markdown, StringComparison.Ordinal);
        Assert.Equal(3, markdown.Split('\n').Count(l => l.StartsWith("| 12:", StringComparison.Ordinal)));
        Assert.DoesNotContain("DEMO", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("more rows", markdown, StringComparison.Ordinal);
        Assert.Contains("## Changes made\n\nNo deploy in this range (oregon-b, whatever the other filters).", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_export_lists_the_deploys_of_the_range_and_names_the_last_one_before_each_incident()
    {
        IReadOnlyList<TimelineEvent> changes =
        [
            new TimelineEventBuilder("before-range").Rollout("oregon-b", "kumascript", "rolled out", "kumascript rolled out 2026-11-20 → 2026-11-21").At(T0.AddMinutes(-30)).Build(),
            new TimelineEventBuilder("start").Rollout("oregon-b", "kumascript", "rollout started", "kumascript rolling out 2026-11-21 → 2026-11-22").At(T0.AddMinutes(6)).Build(),
            new TimelineEventBuilder("stall").Rollout("oregon-b", "kumascript", "rollout stalled", "kumascript stalled: 1/3 updated, 1 unavailable: CrashLoopBackOff on 1 new pod").Severity(TimelineSeverity.Warning).At(T0.AddMinutes(11)).Build(),
        ];

        var markdown = PostmortemWriter.Write(Query, new PostmortemRows(Rows, 3, changes), null, T0.AddHours(1));

        Assert.Contains("(4 min): 44 / 45 ready; mdn-prod/kumascript: CrashLoopBackOff (last exit: OOMKilled) (after: kumascript rolling out 2026-11-21 → 2026-11-22 6 min earlier in oregon-b)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("## Changes made\n\nDeploys in this range (oregon-b, whatever the other filters).\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| 12:06:00 | oregon-b · bedrock-prod · Deployment/kumascript | rollout started | kumascript rolling out 2026-11-21 → 2026-11-22 |\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| 12:11:00 | oregon-b · bedrock-prod · Deployment/kumascript | rollout stalled |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11-20 → 2026-11-21", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_rows_are_marked_and_rows_left_out_are_counted()
    {
        var rows = Rows.Select(r => r with { IsDemo = true }).ToList();

        var markdown = PostmortemWriter.Write(Query with { MinSeverity = TimelineSeverity.Warning, Panel = PodsPanel.Kind }, new PostmortemRows(rows, 2500, []), null, T0.AddHours(1));

        Assert.Contains("> **DEMO DATA**", markdown, StringComparison.Ordinal);
        Assert.Contains("Pod/kumascript-5c4b-q8x7z *demo* |", markdown, StringComparison.Ordinal);
        Assert.Contains("Filters: cluster oregon-b, panel Pod readiness, severity warning or worse.", markdown, StringComparison.Ordinal);
        Assert.Contains("_2497 more rows in this range are not listed: narrow the range or the filters._", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_is_named_after_the_start_of_the_range_and_the_cluster() =>
        Assert.Equal("incident-2026-11-22-1200-oregon-b.md", PostmortemWriter.FileName(Query, T0.AddHours(1)));
}
