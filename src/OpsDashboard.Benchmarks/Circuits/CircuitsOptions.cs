using System.Globalization;

namespace OpsDashboard.Benchmarks.Circuits;

/// <summary>Options of the <c>circuits</c> scenario.</summary>
/// <param name="Count">Browser pages (circuits) held open at once on each page under test.</param>
/// <param name="Window">How long CPU is measured, with and without the pages.</param>
/// <param name="Settle">Wait after the pages are live (or closed) before a window starts.</param>
/// <param name="Warmup">Pages opened and closed first, so that first-use costs (JIT, caches) are not counted per circuit.</param>
/// <param name="Page">The page measured.</param>
/// <param name="Peer">An interactive page that does not subscribe to the store, measured the same way.</param>
/// <param name="Output">Where to write the Markdown report as well as standard output.</param>
public sealed record CircuitsOptions(int Count, TimeSpan Window, TimeSpan Settle, int Warmup, string Page, string Peer, string? Output)
{
    public const string Usage =
        "circuits options: --count N (100) --window SECONDS (60) --settle SECONDS (15) --warmup N (3) --page PATH (/wall) --peer PATH (/reports) --out FILE";

    public static CircuitsOptions Default { get; } = new(100, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(15), 3, "/wall", "/reports", null);

    public static CircuitsOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Default;
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--count" => options with { Count = Positive(args[i], value) },
                "--window" => options with { Window = TimeSpan.FromSeconds(Positive(args[i], value)) },
                "--settle" => options with { Settle = TimeSpan.FromSeconds(Positive(args[i], value)) },
                "--warmup" => options with { Warmup = Positive(args[i], value) },
                "--page" => options with { Page = value },
                "--peer" => options with { Peer = value },
                "--out" => options with { Output = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
