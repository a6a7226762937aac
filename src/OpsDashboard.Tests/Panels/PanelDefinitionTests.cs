using System.Reflection;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Configuration;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Panels;
using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Tests.Panels;

/// <summary>
/// Walks the registered panels: each must give shared code everything it needs (a page behind its tiles' link, facts
/// under the headline, changes for the timeline, a demo, options checked at start), or the next panel silently lacks one.
/// </summary>
public sealed class PanelDefinitionTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    /// <summary>How long the demo is played: its story (a crash loop at 12 min, tokyo out of reach at 40) fits in it.</summary>
    private static readonly TimeSpan Story = TimeSpan.FromHours(1);

    public static TheoryData<string> Panels() => [.. DashboardPanels.All.Select(p => p.Panel.Code)];

    [Theory]
    [MemberData(nameof(Panels))]
    public void Every_registered_panel_gives_shared_code_all_it_needs(string code)
    {
        var panel = DashboardPanels.All.Single(p => p.Panel.Code == code);

        Assert.Empty(Problems(panel));
    }

    [Fact]
    public void A_panel_that_lacks_a_page_facts_changes_or_a_demo_is_caught()
    {
        var problems = Problems(new IncompletePanel());

        Assert.Equal(
        [
            "tile link panels/nowhere/oregon-a leads to no page",
            "no facts under the headline of its tiles",
            "no timeline rows over the demo's story",
            "no demo readings",
            "options section Dashboard:Incomplete not checked at start",
        ], problems);
    }

    [Fact]
    public void Codes_slugs_snapshot_codes_and_timeline_kinds_are_unique_across_panels()
    {
        var panels = DashboardPanels.All;

        Assert.Equal(panels.Count, panels.Select(p => p.Panel.Code).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(panels.Count, panels.Select(p => p.Panel.Slug).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(panels.Count, panels.Select(p => p.SnapshotCode).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(panels.Count, panels.Select(p => p.SnapshotType).Distinct().Count());
        var kinds = panels.SelectMany(p => p.TimelineKinds).Concat(TimelineKind.Shared).ToList();
        Assert.Equal(kinds.Count, kinds.Select(k => k.Code).Distinct().Count());
        Assert.Equal(kinds.Count, kinds.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>What a panel lacks, in words; empty when it has everything.</summary>
    private static List<string> Problems(PanelDefinition panel)
    {
        var problems = new List<string>();
        var fleet = new DemoFleet(new FakeTimeProvider(Start), Options.Create(new DemoOptions()));
        var demo = panel.CreateDemo(fleet);
        var readings = new List<(PanelKey Key, PanelSnapshot Snapshot, DateTimeOffset At)>();
        for (var at = fleet.Epoch; at < fleet.Epoch + Story; at += demo.Interval)
        {
            readings.AddRange(demo.ReadingsAt(at).Where(r => r.Snapshot is not null).Select(r => (new PanelKey(panel.Panel, r.Group, r.Target), r.Snapshot!, at)));
        }

        foreach (var key in readings.Select(r => r.Key).Distinct().Take(3).DefaultIfEmpty(new PanelKey(panel.Panel, "oregon-a", "oregon-a")))
        {
            var href = panel.DetailHref(key);
            if (!Routes.Any(route => Matches(route, href)))
            {
                problems.Add($"tile link {href} leads to no page");
            }
        }

        if (readings.Count == 0 || readings.All(r => panel.Facts(r.Snapshot) is null))
        {
            problems.Add("no facts under the headline of its tiles");
        }

        var changes = panel.CreateChanges();
        var rows = new List<TimelineEvent>();
        var previous = new Dictionary<PanelKey, (PanelSnapshot Snapshot, DateTimeOffset At)>();
        foreach (var (key, snapshot, at) in readings)
        {
            var before = previous.GetValueOrDefault(key);
            rows.AddRange(changes.Between(new ChangeContext(key, at, IsDemo: true) { PreviousTakenAt = before.Snapshot is null ? null : before.At }, before.Snapshot, snapshot, at));
            previous[key] = (snapshot, at);
        }

        if (rows.Count == 0)
        {
            problems.Add("no timeline rows over the demo's story");
        }

        problems.AddRange(rows.Where(r => !panel.TimelineKinds.Contains(r.Kind)).Select(r => r.Kind).Distinct().Select(k => $"timeline rows of kind {k} it does not declare"));
        if (readings.Count == 0)
        {
            problems.Add("no demo readings");
        }
        else if (readings.Any(r => !panel.SnapshotType.IsInstanceOfType(r.Snapshot)))
        {
            problems.Add($"demo readings that are not {panel.SnapshotType.Name}");
        }

        var services = new ServiceCollection();
        var configuration = new ConfigurationBuilder().Build();
        var sources = panel.AddSources(new PanelServices(services, configuration, new KubernetesOptions(), new PrometheusOptions()));
        if (sources != 0)
        {
            problems.Add($"{sources} real sources with nothing configured");
        }

        if (panel.OptionsSection is { } section && !services.Any(d => d.ImplementationInstance is ValidatedSection { Section: var s } && s == section))
        {
            problems.Add($"options section {section} not checked at start");
        }

        return problems;
    }

    /// <summary>Every page's route template, from the app's routable components.</summary>
    private static readonly IReadOnlyList<string> Routes =
    [
        .. typeof(DashboardPanels).Assembly.GetTypes().Where(t => t.IsAssignableTo(typeof(IComponent)))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>()).Select(r => r.Template.TrimStart('/')),
    ];

    /// <summary>"panels/nodes/{Cluster}" matches "panels/nodes/oregon-a": same segments, a parameter takes any one.</summary>
    private static bool Matches(string template, string href)
    {
        var (route, path) = (template.Split('/'), href.Split('?')[0].Split('/'));
        return route.Length == path.Length && route.Zip(path).All(p => p.First.StartsWith('{') || string.Equals(p.First, Uri.UnescapeDataString(p.Second), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A panel written in a hurry: a link to nowhere, no facts, no changes, no demo, no options.</summary>
    private sealed class IncompletePanel : PanelDefinition<ClusterNodes>
    {
        public override PanelKind Panel { get; } = new("Incomplete", "incomplete", "Incomplete");

        public override string SnapshotCode => "incomplete";

        public override IReadOnlyList<TimelineKind> TimelineKinds => [];

        public override string? OptionsSection => "Dashboard:Incomplete";

        public override string DetailHref(PanelKey tile) => $"panels/nowhere/{tile.Group}";

        public override IPanelChanges CreateChanges() => new PanelChanges<ClusterNodes>((_, _, _) => []);

        public override int AddSources(PanelServices setup) => 0;

        protected override RenderFragment? TileFacts(ClusterNodes snapshot) => null;

        protected override DemoSource<ClusterNodes> Demo(DemoFleet fleet) => new NoDemo(fleet);

        private sealed class NoDemo(DemoFleet fleet) : DemoSource<ClusterNodes>(fleet, TimeSpan.FromMinutes(1))
        {
            public override SourceInfo Info { get; } = new(new PanelKind("Incomplete", "incomplete", "Incomplete"), "nothing", IsDemo: true, TimeSpan.FromMinutes(1));

            public override IReadOnlyList<TargetReading<ClusterNodes>> Read(DateTimeOffset now) => [];
        }
    }
}
