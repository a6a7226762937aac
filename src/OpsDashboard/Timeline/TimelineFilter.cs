using OpsDashboard.Pipeline;

namespace OpsDashboard.Timeline;

/// <summary>
/// Which rows of the timeline to read: a time range (from inclusive, to inclusive) and optional filters. An object
/// filter matches a row's object or its owner, so <c>Deployment/web</c> finds the rows of web's pods too.
/// </summary>
public sealed record TimelineFilter(DateTimeOffset From, DateTimeOffset To)
{
    public string? Cluster { get; init; }

    public string? Namespace { get; init; }

    public PanelKind? Panel { get; init; }

    public TimelineSeverity MinSeverity { get; init; } = TimelineSeverity.Info;

    public string? InvolvedObject { get; init; }

    public bool Matches(TimelineEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.At >= From && e.At <= To
            && (Cluster is null || e.Cluster == Cluster)
            && (Namespace is null || e.Namespace == Namespace)
            && (Panel is null || e.Panel == Panel)
            && e.Severity >= MinSeverity
            && (InvolvedObject is null || e.InvolvedObject == InvolvedObject || e.Owner == InvolvedObject);
    }
}

/// <summary>Where the next page of a newest-first listing starts: strictly older than this row.</summary>
public readonly record struct TimelineCursor(DateTimeOffset At, long Id);

/// <summary>One page of rows, newest first, and where the next (older) page starts, if there is one.</summary>
public sealed record TimelineRowPage(IReadOnlyList<TimelineEvent> Events, TimelineCursor? Older);

/// <summary>How many rows fall in one slice of the range, by severity: the density strip above the list.</summary>
public readonly record struct TimelineBucket(DateTimeOffset From, DateTimeOffset To, int Info, int Warning, int Critical)
{
    public int Total => Info + Warning + Critical;

    public TimelineSeverity Worst => Critical > 0 ? TimelineSeverity.Critical : Warning > 0 ? TimelineSeverity.Warning : TimelineSeverity.Info;
}
