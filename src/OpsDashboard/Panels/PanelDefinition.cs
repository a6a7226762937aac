using Microsoft.AspNetCore.Components;
using OpsDashboard.Demo;
using OpsDashboard.Kubernetes;
using OpsDashboard.Pipeline;
using OpsDashboard.Timeline;
using OpsDashboard.TimeSeries.Prometheus;

namespace OpsDashboard.Panels;

/// <summary>
/// What a panel registers its services with: the service collection, the configuration for its own sections, and the
/// shared sections (bound, typed) that decide whether its real sources run.
/// </summary>
public sealed record PanelServices(IServiceCollection Services, IConfiguration Configuration, KubernetesOptions Kubernetes, PrometheusOptions Prometheus);

/// <summary>A command of the app's command line that a panel adds: <c>OpsDashboard manifest --dump …</c>.</summary>
public sealed record PanelCommand(string Name, Func<IReadOnlyList<string>, TextWriter, TextWriter, CancellationToken, Task<int>> RunAsync);

/// <summary>
/// Everything shared code needs from one panel, written once in the panel's folder: who it is, where its pages are,
/// the facts under its tiles' headlines, what counts as a change for the timeline, its demo, its options, sources
/// and services. Shared code enumerates <see cref="DashboardPanels.All"/>; it never switches on a panel.
/// </summary>
public abstract class PanelDefinition
{
    public abstract PanelKind Panel { get; }

    /// <summary>The snapshot type the panel's sources publish.</summary>
    public abstract Type SnapshotType { get; }

    /// <summary>What the snapshot travels under to other replicas: explicit, never the CLR name, so a renamed record still decodes.</summary>
    public abstract string SnapshotCode { get; }

    /// <summary>The timeline kinds the panel's changes write (codes pinned and unique across panels).</summary>
    public abstract IReadOnlyList<TimelineKind> TimelineKinds { get; }

    /// <summary>
    /// Those of <see cref="TimelineKinds"/> whose rows are changes made to a cluster (deploys): drawn as markers on the
    /// history graphs, named before an incident as what changed last, listed in the postmortem. None by default.
    /// </summary>
    public virtual IReadOnlyList<TimelineKind> ChangeKinds => [];

    /// <summary>Where a click on one of its tiles leads: the panel's detail page for that tile.</summary>
    public abstract string DetailHref(PanelKey tile);

    /// <summary>The facts under a tile's headline: a fragment of the tile, not a component of its own.</summary>
    public abstract RenderFragment? Facts(PanelSnapshot snapshot);

    /// <summary>A new detector of what changed between snapshots; each timeline recorder has its own.</summary>
    public abstract IPanelChanges CreateChanges();

    /// <summary>The panel's part of the demo fleet: polled like a real source, and played into the past at start.</summary>
    public abstract IDemoScript CreateDemo(DemoFleet fleet);

    /// <summary>Registers <see cref="CreateDemo"/> as the panel's source.</summary>
    public abstract void AddDemoSource(IServiceCollection services);

    /// <summary>The configuration section of the panel's own options, which <see cref="AddSources"/> registers to be checked at start; null when it has none.</summary>
    public virtual string? OptionsSection => null;

    /// <summary>Registers the panel's options (checked at start) and, where they configure any, its real sources; returns how many.</summary>
    public abstract int AddSources(PanelServices setup);

    /// <summary>Where a timeline row of the panel leads: its object's page where there is one, else the tile's.</summary>
    public virtual string? RowHref(TimelineEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return DetailHref(row.Tile);
    }

    /// <summary>The usual next commands for what a timeline row is about; none by default.</summary>
    public virtual IReadOnlyList<string> Kubectl(TimelineEvent row) => [];

    /// <summary>The Kubernetes namespaces a snapshot covers, offered as timeline filters.</summary>
    public virtual IEnumerable<string> Namespaces(PanelSnapshot snapshot) => [];

    /// <summary>The Kubernetes resources the panel watches on every cluster (each kept as a compact projection, in its folder).</summary>
    public virtual IReadOnlyList<WatchedResource> KubernetesResources => [];

    /// <summary>Commands the panel adds to the app's command line.</summary>
    public virtual IReadOnlyList<PanelCommand> Commands => [];
}

/// <summary>A panel whose sources publish <typeparamref name="TSnapshot"/>: the typed half of <see cref="PanelDefinition"/>.</summary>
public abstract class PanelDefinition<TSnapshot> : PanelDefinition
    where TSnapshot : PanelSnapshot
{
    public sealed override Type SnapshotType => typeof(TSnapshot);

    public sealed override RenderFragment? Facts(PanelSnapshot snapshot) => snapshot is TSnapshot typed ? TileFacts(typed) : null;

    public sealed override IDemoScript CreateDemo(DemoFleet fleet) => Demo(fleet);

    public sealed override void AddDemoSource(IServiceCollection services) =>
        services.AddPanelSource(sp => Demo(sp.GetRequiredService<DemoFleet>()));

    protected abstract RenderFragment? TileFacts(TSnapshot snapshot);

    protected abstract DemoSource<TSnapshot> Demo(DemoFleet fleet);
}
