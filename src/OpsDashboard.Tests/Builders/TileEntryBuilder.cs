using OpsDashboard.Panels.Nodes;
using OpsDashboard.Pipeline;

namespace OpsDashboard.Tests.Builders;

/// <summary>Store entries for component tests: <c>new TileEntryBuilder().TakenAt(t).Failing("boom", since).Build()</c>.</summary>
public sealed class TileEntryBuilder
{
    private PanelKey _key = new(NodesPanel.Kind, "oregon-a", "oregon-a");
    private PanelSnapshot? _snapshot = new ClusterNodesBuilder().Ready(3).Build();
    private DateTimeOffset? _takenAt = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private SourceFault? _fault;
    private bool _demo;
    private TimeSpan _staleAfter = TimeSpan.FromSeconds(60);

    public TileEntryBuilder For(PanelKind panel, string group, string target)
    {
        _key = new PanelKey(panel, group, target);
        return this;
    }

    public TileEntryBuilder With(PanelSnapshot? snapshot)
    {
        _snapshot = snapshot;
        return this;
    }

    public TileEntryBuilder TakenAt(DateTimeOffset? at)
    {
        _takenAt = at;
        return this;
    }

    public TileEntryBuilder NoData() => With(null).TakenAt(null);

    public TileEntryBuilder Failing(string message, DateTimeOffset since)
    {
        _fault = new SourceFault(message, since, since);
        return this;
    }

    public TileEntryBuilder Demo()
    {
        _demo = true;
        return this;
    }

    public TileEntryBuilder StaleAfter(TimeSpan after)
    {
        _staleAfter = after;
        return this;
    }

    public TileEntry Build() => new(_key, _snapshot, _takenAt, _fault, _demo, _staleAfter);
}
