using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsDashboard.Benchmarks.WallSoak;

/// <summary>Options of the <c>wall-soak</c> scenario.</summary>
/// <param name="Duration">How long the pages stay open.</param>
/// <param name="Sample">How often the browser and the app are measured.</param>
/// <param name="Rotate">The rotating wall's period (<c>/wall?rotate=…</c>).</param>
/// <param name="RestartAt">When the app is killed and started again, as a fraction of <paramref name="Duration"/>.</param>
/// <param name="CutAt">When the network between the browser and the app is cut, as a fraction of <paramref name="Duration"/>.</param>
/// <param name="CutFor">How long the cut lasts.</param>
/// <param name="Settle">Samples before this are left out of the slopes (the first hour by default, a quarter of shorter runs).</param>
/// <param name="Output">Where to write the Markdown report as well as standard output; the samples go beside it as CSV.</param>
public sealed partial record WallSoakOptions(
    TimeSpan Duration, TimeSpan Sample, TimeSpan Rotate, double RestartAt, double CutAt, TimeSpan CutFor, TimeSpan? Settle, string? Output)
{
    public const string Usage =
        "wall-soak options: --duration 8h --sample 5m --rotate 30s --restart-at 0.5 --cut-at 0.6 --cut-for 1m --settle 1h --out FILE";

    public static WallSoakOptions Default { get; } =
        new(TimeSpan.FromHours(8), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), 0.5, 0.6, TimeSpan.FromMinutes(1), null, null);

    /// <summary>Samples before this moment are the warm-up: an hour, or a quarter of runs shorter than four hours.</summary>
    public TimeSpan SettleTime => Settle ?? TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, Duration.Ticks / 4));

    public static WallSoakOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = Default;
        for (var i = 0; i < args.Count; i += 2)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            options = args[i] switch
            {
                "--duration" => options with { Duration = Span(args[i], value) },
                "--sample" => options with { Sample = Span(args[i], value) },
                "--rotate" => options with { Rotate = Span(args[i], value) },
                "--restart-at" => options with { RestartAt = Fraction(args[i], value) },
                "--cut-at" => options with { CutAt = Fraction(args[i], value) },
                "--cut-for" => options with { CutFor = Span(args[i], value) },
                "--settle" => options with { Settle = Span(args[i], value) },
                "--out" => options with { Output = value },
                _ => throw new ArgumentException($"Unknown option {args[i]}. {Usage}"),
            };
        }

        if (options.Sample > options.Duration)
        {
            throw new ArgumentException($"--sample ({options.Sample}) is longer than --duration ({options.Duration}).");
        }

        return options;
    }

    /// <summary>"8h", "5m", "30s" or "90" (seconds).</summary>
    public static TimeSpan Span(string name, string value)
    {
        var match = SpanPattern().Match(value);
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new ArgumentException($"{name} must be a positive duration such as 8h, 5m or 30s, not '{value}'.");
        }

        return match.Groups["unit"].Value switch
        {
            "h" => TimeSpan.FromHours(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromSeconds(n),
        };
    }

    private static double Fraction(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f is > 0 and < 1
            ? f
            : throw new ArgumentException($"{name} must be a fraction of the run between 0 and 1, not '{value}'.");

    [GeneratedRegex("^(?<n>[0-9]+(\\.[0-9]+)?)(?<unit>h|m|s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SpanPattern();
}
