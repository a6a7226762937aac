using OpsDashboard.Benchmarks.Server;

namespace OpsDashboard.Benchmarks.Circuits;

/// <summary>
/// Where a circuit's live bytes go: the heap census with the circuits open less the census of the idle app, divided
/// by the number of circuits, by type and by the part of the stack that holds them.
/// </summary>
public sealed class CircuitBreakdown
{
    /// <summary>Type name patterns (first match wins) and the part of the stack they belong to.</summary>
    private static readonly (string Part, string[] Patterns)[] Parts =
    [
        ("Render-tree buffers and component state (two frame buffers per component)", ["Components.RenderTree.", "Components.Rendering.", "RemoteComponentState", "Stack<System.Int32>"]),
        ("JS interop serializer metadata (System.Text.Json, one serializer per circuit)", ["System.Text.Json."]),
        ("Reflection emit (System.Text.Json member accessors and the like)", ["System.Reflection.", "System.RuntimeMethodInfoStub", "System.RuntimeType", "System.Signature"]),
        ("Connection: Kestrel, WebSocket, SignalR, pipelines", ["Kestrel", "AspNetCore.Http", "AspNetCore.SignalR", "System.IO.Pipelines", "WebSockets", "System.Net.", "MemoryPoolBlock"]),
        ("Circuit: host, JS runtime, navigation, DI scope", ["Components.Server.", "Microsoft.JSInterop", "DependencyInjection", "Microsoft.AspNetCore.Components"]),
        ("The app's own objects (components, view models)", ["OpsDashboard."]),
        ("Metrics (prometheus-net series)", ["Prometheus."]),
        ("Tasks, timers, cancellation", ["System.Threading."]),
        ("Strings (rendered text, header values, names)", ["System.String"]),
        ("Byte arrays (pooled buffers, serialized batches)", ["System.Byte[]"]),
    ];

    private CircuitBreakdown(int circuits, IReadOnlyDictionary<string, TypeTally> types, IReadOnlyDictionary<string, double> components)
    {
        Circuits = circuits;
        Types = types;
        ComponentsPerCircuit = components;
    }

    public int Circuits { get; }

    /// <summary>Per type: what the circuits added in total (divide by <see cref="Circuits"/> for one circuit).</summary>
    public IReadOnlyDictionary<string, TypeTally> Types { get; }

    /// <summary>Live component instances per circuit, by component type.</summary>
    public IReadOnlyDictionary<string, double> ComponentsPerCircuit { get; }

    public double LiveBytesPerCircuit => (double)Types.Values.Sum(t => t.Bytes) / Circuits;

    public static CircuitBreakdown Of(HeapCensus baseline, HeapCensus loaded, int circuits)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(loaded);
        var components = loaded.Components.Keys
            .ToDictionary(c => c, c => (double)(loaded.Components[c] - baseline.Components.GetValueOrDefault(c)) / circuits, StringComparer.Ordinal);
        return new CircuitBreakdown(circuits, HeapCensus.Difference(baseline, loaded), components);
    }

    public static string PartOf(string typeName)
    {
        ArgumentNullException.ThrowIfNull(typeName);
        foreach (var (part, patterns) in Parts)
        {
            if (patterns.Any(p => typeName.Contains(p, StringComparison.Ordinal)))
            {
                return part;
            }
        }

        return "Other (arrays, collections, delegates)";
    }

    /// <summary>Bytes per circuit by part of the stack, largest first.</summary>
    public IReadOnlyList<(string Part, double BytesPerCircuit)> ByPart() =>
        Types.GroupBy(t => PartOf(t.Key))
            .Select(g => (g.Key, (double)g.Sum(t => t.Value.Bytes) / Circuits))
            .OrderByDescending(p => p.Item2)
            .ToList();

    /// <summary>The types that grew most, per circuit: objects and bytes.</summary>
    public IReadOnlyList<(string Type, double Objects, double Bytes)> TopTypes(int count) =>
        Types.OrderByDescending(t => t.Value.Bytes)
            .Take(count)
            .Select(t => (t.Key, (double)t.Value.Count / Circuits, (double)t.Value.Bytes / Circuits))
            .ToList();
}
