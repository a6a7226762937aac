using System.Globalization;
using Microsoft.Diagnostics.Runtime;
using OpsDashboard.Tests.TestSupport;

namespace OpsDashboard.Benchmarks.Server;

/// <summary>How many live objects of one type the heap holds, and their bytes (shallow sizes).</summary>
public readonly record struct TypeTally(long Count, long Bytes)
{
    public static TypeTally operator +(TypeTally a, TypeTally b) => new(a.Count + b.Count, a.Bytes + b.Bytes);

    public static TypeTally operator -(TypeTally a, TypeTally b) => new(a.Count - b.Count, a.Bytes - b.Bytes);
}

/// <summary>
/// The app's live objects by type: everything reachable from the GC's roots (dead objects the GC has not swept yet are
/// not counted), read from outside with ClrMD while the process is suspended. Also counts the Blazor components alive
/// by component type, read from the renderer's component states. The walk runs in a child process (this program's
/// <c>heap-census</c> command): ClrMD loads the runtime's data-access library, and loading it again in the same
/// process for a second app crashed the runner.
/// </summary>
public sealed class HeapCensus
{
    private const string ComponentStateType = "Microsoft.AspNetCore.Components.Server.Circuits.RemoteComponentState";
    private const string ComponentField = "<Component>k__BackingField";
    public const string Command = "heap-census";
    public const string Usage = "heap-census PID: the live objects of a .NET process by type, as tab-separated lines (the circuits scenario runs it)";

    private HeapCensus(Dictionary<string, TypeTally> types, Dictionary<string, long> components)
    {
        Types = types;
        Components = components;
    }

    public IReadOnlyDictionary<string, TypeTally> Types { get; }

    /// <summary>Live Blazor components by their type name (from the renderer's component states).</summary>
    public IReadOnlyDictionary<string, long> Components { get; }

    public long LiveBytes => Types.Values.Sum(t => t.Bytes);

    public long LiveObjects => Types.Values.Sum(t => t.Count);

    /// <summary>Takes the census of <paramref name="pid"/> in a child process running this program.</summary>
    public static async Task<HeapCensus> TakeInChildAsync(int pid, CancellationToken cancellationToken)
    {
        var self = typeof(HeapCensus).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        IEnumerable<string> args = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? [self, Command, pid.ToString(CultureInfo.InvariantCulture)]
            : [Command, pid.ToString(CultureInfo.InvariantCulture)];
        var result = await ChildProcess.RunAsync(ChildProcess.StartInfo(host, args), cancellationToken);
        return result.ExitCode == 0
            ? Parse(result.Output)
            : throw new InvalidOperationException($"The heap census of process {pid} failed with exit code {result.ExitCode}: {result.Error}");
    }

    /// <summary>The <c>heap-census PID</c> command: writes the census of that process to standard output.</summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is not [var text] || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            await Console.Error.WriteLineAsync($"usage: {Usage}");
            return 2;
        }

        var census = Take(pid);
        foreach (var (type, tally) in census.Types)
        {
            await Console.Out.WriteLineAsync(F($"T\t{tally.Count}\t{tally.Bytes}\t{type}").AsMemory(), cancellationToken);
        }

        foreach (var (component, count) in census.Components)
        {
            await Console.Out.WriteLineAsync(F($"C\t{count}\t0\t{component}").AsMemory(), cancellationToken);
        }

        return 0;
    }

    public static HeapCensus Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var types = new Dictionary<string, TypeTally>(StringComparer.Ordinal);
        var components = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.TrimEnd('\r').Split('\t', 4);
            var count = long.Parse(fields[1], CultureInfo.InvariantCulture);
            if (fields[0] == "T")
            {
                types[fields[3]] = new TypeTally(count, long.Parse(fields[2], CultureInfo.InvariantCulture));
            }
            else
            {
                components[fields[3]] = count;
            }
        }

        return new HeapCensus(types, components);
    }

    /// <summary>Suspends the process for as long as the walk takes (a few seconds for a few hundred thousand objects).</summary>
    public static HeapCensus Take(int pid)
    {
        using var target = DataTarget.AttachToProcess(pid, suspend: true);
        using var runtime = target.ClrVersions.Single().CreateRuntime();
        var heap = runtime.Heap;
        var types = new Dictionary<string, TypeTally>(StringComparer.Ordinal);
        var components = new Dictionary<string, long>(StringComparer.Ordinal);
        var seen = new HashSet<ulong>();
        var pending = new Stack<ulong>();
        foreach (var root in heap.EnumerateRoots())
        {
            if (root.Object.Address != 0 && seen.Add(root.Object.Address))
            {
                pending.Push(root.Object.Address);
            }
        }

        while (pending.TryPop(out var address))
        {
            var obj = heap.GetObject(address);
            if (!obj.IsValid)
            {
                continue;
            }

            var name = obj.Type?.Name ?? "(unknown type)";
            types[name] = types.GetValueOrDefault(name) + new TypeTally(1, (long)obj.Size);
            if (name == ComponentStateType && obj.Type!.GetFieldByName(ComponentField) is not null)
            {
                var component = obj.ReadObjectField(ComponentField).Type?.Name ?? "(unknown component)";
                components[component] = components.GetValueOrDefault(component) + 1;
            }

            foreach (var reference in obj.EnumerateReferenceAddresses(carefully: false, considerDependantHandles: true))
            {
                if (reference != 0 && seen.Add(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        return new HeapCensus(types, components);
    }

    /// <summary>What <paramref name="loaded"/> holds beyond <paramref name="baseline"/>, per type.</summary>
    public static Dictionary<string, TypeTally> Difference(HeapCensus baseline, HeapCensus loaded)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(loaded);
        return loaded.Types.Keys.Union(baseline.Types.Keys)
            .ToDictionary(t => t, t => loaded.Types.GetValueOrDefault(t) - baseline.Types.GetValueOrDefault(t), StringComparer.Ordinal);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
