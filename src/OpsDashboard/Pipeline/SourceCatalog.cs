namespace OpsDashboard.Pipeline;

/// <summary>Every source registered in this app. Pages read it to say DEMO DATA while any demo source is active.</summary>
public sealed class SourceCatalog
{
    public SourceCatalog(IEnumerable<SourceInfo> sources)
    {
        Sources = [.. sources];
    }

    public IReadOnlyList<SourceInfo> Sources { get; }

    public bool DemoActive => Sources.Any(s => s.IsDemo);
}
