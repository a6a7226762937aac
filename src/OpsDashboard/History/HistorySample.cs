using OpsDashboard.Pipeline;

namespace OpsDashboard.History;

/// <summary>One headline figure of one tile at the moment its data was taken; <paramref name="IsDemo"/> when a demo source made it.</summary>
public sealed record HistorySample(PanelKey Key, string Figure, DateTimeOffset At, double Value, bool IsDemo = false);

/// <summary>A point of a history series.</summary>
public readonly record struct HistoryPoint(DateTimeOffset At, double Value);
