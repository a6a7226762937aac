namespace OpsDashboard.Pipeline;

/// <summary>How bad things are according to the data itself (not counting its age). Values are pinned: snapshots carry them to other replicas.</summary>
public enum DataHealth
{
    Ok = 0,
    Warning = 1,
    Critical = 2,
}

/// <summary>One headline number of a panel, sampled into history (e.g. "nodes_ready" = 17).</summary>
public sealed record HeadlineFigure(string Name, double Value);

/// <summary>
/// The latest reading of one panel for one target. Concrete snapshots are small immutable records projected
/// from upstream objects at the edge; the tile needs only these four members.
/// </summary>
public abstract record PanelSnapshot
{
    public abstract DataHealth Health { get; }

    /// <summary>The tile's big line, e.g. "18 / 20 ready".</summary>
    public abstract string Headline { get; }

    /// <summary>One line a human can act on when things are not OK; null when all is well.</summary>
    public abstract string? Why { get; }

    public abstract IReadOnlyList<HeadlineFigure> Figures { get; }
}
